// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform export: the writer of one resource's blocks, whose members live in
// terraformresources.cpp (compute, storage, DNS and the dispatch), terraformdatabases.cpp
// (RDS, ElastiCache, Redshift), terraformfirewall.cpp (security groups and their rules) and
// terraformtraffic.cpp (load balancers, CloudFront, EKS and ECS with their IAM roles).

#include "firewallrules.h"
#include "hclwriter.h"
#include "terraformexport.h"
#include "terraformresources.h"

namespace Ferry::TerraformExport {

inline const QString kTodo = QStringLiteral("TODO: ");

inline QString q(const QString &s)
{
    return HclWriter::quote(s);
}

inline QString engineFor(const Resource &r)
{
    const QString engine = r.attributes.value(QStringLiteral("engine")).toLower();
    if (engine == QLatin1String("pg") || engine.startsWith(QLatin1String("postgres")) ||
        r.attributes.value(QStringLiteral("plan")).startsWith(QLatin1String("heroku-postgresql")))
        return QStringLiteral("postgres");
    if (engine == QLatin1String("mysql"))
        return QStringLiteral("mysql");
    return engine; // empty when the source does not say
}

/// A name for services that take letters, digits and hyphens (`db_main` → `db-main`), at most
/// `length` characters, starting with a letter and not ending in a hyphen.
inline QString hyphenName(const QString &name, int length)
{
    QString s = HclWriter::identifier(name).replace(u'_', u'-').toLower().left(length);
    while (s.endsWith(u'-'))
        s.chop(1);
    if (s.isEmpty() || !s.front().isLetter())
        s = QString(QStringLiteral("r-") + s).left(length);
    return s;
}

/// `text` in the characters EC2 takes in security group names and descriptions and in rule
/// descriptions (a-z, A-Z, 0-9, spaces and `._-:/()#,@[]+=&;{}!$*`; others become `-`), at most
/// `length` characters.
QString awsText(const QString &text, int length);

/// `[a.id, b.id]` of the addresses, or empty when there are none.
inline QString idList(const QStringList &addresses, const QString &attribute = QStringLiteral("id"))
{
    if (addresses.isEmpty())
        return QString();
    QStringList items;
    for (const QString &a : addresses)
        items.append(a + u'.' + attribute);
    return u'[' + items.join(QStringLiteral(", ")) + u']';
}

/// `jsonencode(...)` of a policy that lets `service` assume a role.
inline QString assumeRolePolicy(const QString &service)
{
    return QStringLiteral("jsonencode({\n"
                          "    Version = \"2012-10-17\"\n"
                          "    Statement = [{\n"
                          "      Effect    = \"Allow\"\n"
                          "      Principal = { Service = \"%1\" }\n"
                          "      Action    = \"sts:AssumeRole\"\n"
                          "    }]\n"
                          "  })")
        .arg(service);
}

/// Writes what one resource needs, with access to the shared output.
class ResourceWriter
{
public:
    ResourceWriter(HclWriter &w, const Resource &r, const Mapping &m, const QString &name,
                   AccountOutput *out)
        : w(w)
        , r(r)
        , m(m)
        , name(name)
        , svc(m.targetService)
        , out(out)
    {}

    void write();

private:
    QString attr(const char *k) const { return r.attributes.value(QString::fromLatin1(k)); }
    void todo(const QString &attribute, const QString &expr, const QString &why)
    {
        w.comment(kTodo + why);
        w.attribute(attribute, expr);
    }
    /// A variable without a default the block refers to: `var.<name>_<suffix>`.
    QString decide(const QString &suffix, const QString &type, const QString &description)
    {
        const QString v = name + u'_' + suffix;
        out->decisions.append({v, type, description});
        return QStringLiteral("var.") + v;
    }
    /// True for a block the runbook creates at the cutover from a snapshot shared with the
    /// account (an RDS instance or EBS volume relocated from another AWS account, a Redshift
    /// cluster moved to a new one): `count` 0
    /// until its `<name>_snapshot` variable is set.
    bool restoredAtCutover() const
    {
        // A Redshift cluster's data has no other way into a new cluster Ferry writes steps for.
        if (svc == QLatin1String("aws_redshift_cluster"))
            return r.type == svc;
        return r.provider == QLatin1String("aws") && m.strategy == Strategy::Relocate &&
               ((svc == QLatin1String("aws_db_instance") &&
                 r.type == QLatin1String("aws_db_instance")) ||
                svc == QLatin1String("aws_ebs_volume"));
    }
    /// `svc.name.attribute`, or `one(svc.name[*].attribute)` for a block with a count.
    QString reference(const QString &attribute) const
    {
        return restoredAtCutover() ? QStringLiteral("one(%1.%2[*].%3)").arg(svc, name, attribute)
                                   : QStringLiteral("%1.%2.%3").arg(svc, name, attribute);
    }
    /// The snapshot variable of a restoredAtCutover() block, which its count depends on.
    QString snapshotVariable(const QString &description)
    {
        const QString v = name + QStringLiteral("_snapshot");
        out->decisions.append({v, QStringLiteral("string"), description, QStringLiteral("null")});
        return QStringLiteral("var.") + v;
    }
    void sized(const QString &attribute, const QString &fallback, const QString &what);
    void engineVersion(const QString &engine, const QString &target, const QString &source,
                       const QString &attribute = QStringLiteral("engine_version"));
    void securityGroups(const QString &attribute);
    void tags();
    void securityGroup();
    void ingressRules(const QString &groupAddress, const QList<FirewallRule> &rules,
                      const QString &origin, const QStringList &problems);
    QString trustedSourcesGroup() const;
    void trustedSourcesRules();

    void instance();
    void dbInstance();
    void cache(bool replicationGroup);
    void redshiftCluster();
    void groupsFinalSnapshotAndOutputs(const QString &identifierAttribute);
    void loadBalancer();
    void cloudFront();
    void record();
    void recordPrelude();
    bool recordAtApex() const;
    QString recordType() const;
    void eksCluster();
    void ecsService();
    void ecsExecutionRole();
    void iamRole(const QString &label, const QString &roleName, const QString &service,
                 const QStringList &policies);

    HclWriter &w;
    const Resource &r;
    const Mapping &m;
    const QString name;
    const QString svc;
    AccountOutput *out;
    bool taggable = true;
    QString m_recordZoneId;   ///< a record's zone_id expression (recordPrelude())
    QString m_recordApexName; ///< the apex's name expression
};

} // namespace Ferry::TerraformExport
