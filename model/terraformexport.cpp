// SPDX-License-Identifier: MIT
#include "terraformexport.h"

#include "atomicfile.h"
#include "hclwriter.h"
#include "resourcekind.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>

namespace Ferry::TerraformExport {

namespace {

const QString kTodo = QStringLiteral("TODO: ");

QString q(const QString &s)
{
    return HclWriter::quote(s);
}

/// Folder name of an account: its name made safe for a path.
QString folderName(const Account &a)
{
    QString n = HclWriter::identifier(a.name);
    n.replace(u'_', u'-');
    return n;
}

void writeVersions(HclWriter &w)
{
    w.block(QStringLiteral("terraform"));
    w.string(QStringLiteral("required_version"), QStringLiteral(">= 1.5.0"));
    w.blank();
    w.block(QStringLiteral("required_providers"));
    w.object(QStringLiteral("aws"));
    w.string(QStringLiteral("source"), QStringLiteral("hashicorp/aws"));
    w.string(QStringLiteral("version"), QStringLiteral("~> 5.0"));
    w.end();
    w.end();
    w.end();
}

QString engineFor(const Resource &r)
{
    const QString engine = r.attributes.value(QStringLiteral("engine")).toLower();
    if (engine == QLatin1String("pg") || engine.startsWith(QLatin1String("postgres")) ||
        r.attributes.value(QStringLiteral("plan")).startsWith(QLatin1String("heroku-postgresql")))
        return QStringLiteral("postgres");
    if (engine == QLatin1String("mysql"))
        return QStringLiteral("mysql");
    return engine; // empty when the source does not say
}

struct AccountOutput
{
    QStringList sensitiveVariables; ///< names of variables to declare sensitive
    QStringList outputs;            ///< "name|expression"
    /// Resource id → its block's address in this account's main.tf (`aws_instance.web`).
    QHash<QString, QString> addresses;
    const Plan *plan = nullptr;

    /// The address of a block of type `service` in this account that `id` has a dependency
    /// with (either direction), or empty: lets a record name its zone, an IP its instance.
    QString related(const QString &id, const QString &service) const
    {
        for (const Dependency &d : plan->inventory.dependencies) {
            if (d.from != id && d.to != id)
                continue;
            const QString other = d.from == id ? d.to : d.from;
            const QString address = addresses.value(other);
            if (address.startsWith(service + u'.'))
                return address;
        }
        return QString();
    }
};

/// Writes one resource block for mapping `m` of resource `r`.
void writeResource(HclWriter &w, const Resource &r, const Mapping &m, const QString &name,
                   AccountOutput *out)
{
    const QString svc = m.targetService;
    w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy))
                  .arg(m.wave));
    w.block(QStringLiteral("resource"), {svc, name});
    auto todo = [&](const QString &attr, const QString &expr, const QString &why) {
        w.comment(kTodo + why);
        w.attribute(attr, expr);
    };
    auto attr = [&](const char *k) {
        return r.attributes.value(QString::fromLatin1(k));
    };
    bool taggable = true;
    if (svc == QLatin1String("aws_instance")) {
        todo(QStringLiteral("ami"), q(QStringLiteral("ami-00000000000000000")),
             QStringLiteral("choose the AMI (source image: %1)")
                 .arg(attr("image").isEmpty() ? QStringLiteral("unknown") : attr("image")));
        todo(QStringLiteral("instance_type"), q(QStringLiteral("t3.medium")),
             QStringLiteral("choose the instance type (source size: %1, %2 vCPU, %3 MiB)")
                 .arg(r.size.isEmpty() ? QStringLiteral("unknown") : r.size,
                      attr("vcpus").isEmpty() ? QStringLiteral("?") : attr("vcpus"),
                      attr("memory_mb").isEmpty() ? QStringLiteral("?") : attr("memory_mb")));
        todo(QStringLiteral("subnet_id"), q(QString()), QStringLiteral("choose the subnet"));
        if (!attr("disk_gb").isEmpty()) {
            w.blank();
            w.block(QStringLiteral("root_block_device"));
            w.attribute(QStringLiteral("volume_size"), attr("disk_gb"));
            w.string(QStringLiteral("volume_type"), QStringLiteral("gp3"));
            w.end();
        }
    } else if (svc == QLatin1String("aws_db_instance")) {
        const QString pw = name + QStringLiteral("_password");
        out->sensitiveVariables.append(pw);
        w.string(QStringLiteral("identifier"), HclWriter::identifier(r.name).replace(u'_', u'-'));
        if (engineFor(r).isEmpty())
            todo(QStringLiteral("engine"), q(QStringLiteral("postgres")),
                 QStringLiteral("choose the engine (the source does not say)"));
        else
            w.string(QStringLiteral("engine"), engineFor(r));
        if (!attr("version").isEmpty())
            w.string(QStringLiteral("engine_version"), attr("version"));
        todo(QStringLiteral("instance_class"), q(QStringLiteral("db.t3.medium")),
             QStringLiteral("choose the instance class (source size: %1)")
                 .arg(r.size.isEmpty() ? QStringLiteral("unknown") : r.size));
        todo(QStringLiteral("allocated_storage"),
             attr("disk_gb").isEmpty() ? QStringLiteral("20") : attr("disk_gb"),
             QStringLiteral("confirm the storage in GiB"));
        w.attribute(QStringLiteral("storage_encrypted"), QStringLiteral("true"));
        todo(QStringLiteral("username"), q(QStringLiteral("ferry_admin")),
             QStringLiteral("choose the master user name"));
        w.attribute(QStringLiteral("password"), QStringLiteral("var.") + pw);
        w.attribute(QStringLiteral("skip_final_snapshot"), QStringLiteral("false"));
        out->outputs.append(name + QStringLiteral("_endpoint|") + svc + u'.' + name +
                            QStringLiteral(".endpoint"));
    } else if (svc == QLatin1String("aws_elasticache_replication_group")) {
        w.string(QStringLiteral("replication_group_id"),
                 HclWriter::identifier(r.name).replace(u'_', u'-'));
        w.string(QStringLiteral("description"), QStringLiteral("Migrated from ") + r.id);
        w.string(QStringLiteral("engine"), QStringLiteral("redis"));
        todo(QStringLiteral("node_type"), q(QStringLiteral("cache.t3.medium")),
             QStringLiteral("choose the node type (source size: %1)")
                 .arg(r.size.isEmpty() ? QStringLiteral("unknown") : r.size));
        w.attribute(QStringLiteral("num_cache_clusters"),
                    attr("node_count").isEmpty() ? QStringLiteral("1") : attr("node_count"));
        w.attribute(QStringLiteral("transit_encryption_enabled"), QStringLiteral("true"));
    } else if (svc == QLatin1String("aws_s3_bucket")) {
        w.string(QStringLiteral("bucket"), r.name);
    } else if (svc == QLatin1String("aws_lb")) {
        w.string(QStringLiteral("name"),
                 HclWriter::identifier(r.name).replace(u'_', u'-').left(32));
        w.string(QStringLiteral("load_balancer_type"), QStringLiteral("application"));
        todo(QStringLiteral("subnets"), QStringLiteral("[]"),
             QStringLiteral("list the subnets (two or more AZs)"));
    } else if (svc == QLatin1String("aws_route53_zone")) {
        w.string(QStringLiteral("name"), r.name);
    } else if (svc == QLatin1String("aws_route53_record")) {
        taggable = false;
        const QString zone = out->related(r.id, QStringLiteral("aws_route53_zone"));
        if (!zone.isEmpty())
            w.attribute(QStringLiteral("zone_id"), zone + QStringLiteral(".zone_id"));
        else
            todo(QStringLiteral("zone_id"), q(QString()),
                 QStringLiteral("the zone of %1")
                     .arg(attr("domain").isEmpty() ? QStringLiteral("this record")
                                                   : attr("domain")));
        w.string(QStringLiteral("name"), r.name);
        w.string(QStringLiteral("type"),
                 attr("record_type").isEmpty() ? QStringLiteral("A") : attr("record_type"));
        w.attribute(QStringLiteral("ttl"),
                    attr("ttl").isEmpty() ? QStringLiteral("300") : attr("ttl"));
        todo(QStringLiteral("records"), HclWriter::list({q(attr("value"))}),
             QStringLiteral("point at the target (source value shown)"));
    } else if (svc == QLatin1String("aws_ebs_volume")) {
        todo(QStringLiteral("availability_zone"), q(QString()),
             QStringLiteral("choose the availability zone"));
        w.attribute(QStringLiteral("size"),
                    attr("disk_gb").isEmpty() ? QStringLiteral("10") : attr("disk_gb"));
        w.string(QStringLiteral("type"), QStringLiteral("gp3"));
        w.attribute(QStringLiteral("encrypted"), QStringLiteral("true"));
    } else if (svc == QLatin1String("aws_vpc")) {
        todo(QStringLiteral("cidr_block"),
             q(attr("cidr").isEmpty() ? QStringLiteral("10.0.0.0/16") : attr("cidr")),
             QStringLiteral("confirm the CIDR does not overlap the landing zone's"));
        w.attribute(QStringLiteral("enable_dns_hostnames"), QStringLiteral("true"));
    } else if (svc == QLatin1String("aws_security_group")) {
        w.string(QStringLiteral("name"), r.name);
        w.string(QStringLiteral("description"), QStringLiteral("Migrated from ") + r.id);
        todo(QStringLiteral("vpc_id"), q(QString()), QStringLiteral("choose the VPC"));
        if (!attr("inbound_ports").isEmpty())
            w.comment(QStringLiteral("Source inbound ports: ") + attr("inbound_ports"));
    } else if (svc == QLatin1String("aws_eks_cluster")) {
        w.string(QStringLiteral("name"), r.name);
        if (!attr("version").isEmpty())
            todo(QStringLiteral("version"), q(attr("version").section(u'-', 0, 0)),
                 QStringLiteral("pick a supported EKS version (source: %1)").arg(attr("version")));
        todo(QStringLiteral("role_arn"), q(QString()), QStringLiteral("the cluster IAM role"));
        w.blank();
        w.block(QStringLiteral("vpc_config"));
        todo(QStringLiteral("subnet_ids"), QStringLiteral("[]"),
             QStringLiteral("list the subnets"));
        w.end();
    } else if (svc == QLatin1String("aws_ecs_service")) {
        w.string(QStringLiteral("name"), r.name);
        todo(QStringLiteral("cluster"), q(QString()), QStringLiteral("the ECS cluster"));
        todo(QStringLiteral("task_definition"), q(QString()),
             QStringLiteral("the task definition (from the source's build)"));
        w.attribute(QStringLiteral("desired_count"),
                    attr("quantity").isEmpty() ? QStringLiteral("1") : attr("quantity"));
        w.string(QStringLiteral("launch_type"), QStringLiteral("FARGATE"));
    } else if (svc == QLatin1String("aws_eip")) {
        w.string(QStringLiteral("domain"), QStringLiteral("vpc"));
        const QString instance = out->related(r.id, QStringLiteral("aws_instance"));
        if (!instance.isEmpty())
            w.attribute(QStringLiteral("instance"), instance + QStringLiteral(".id"));
    } else if (svc == QLatin1String("aws_key_pair")) {
        taggable = true;
        w.string(QStringLiteral("key_name"), r.name);
        todo(QStringLiteral("public_key"), q(QString()),
             QStringLiteral("paste the public key (fingerprint %1)").arg(attr("fingerprint")));
    } else {
        taggable = false;
        w.comment(kTodo + QStringLiteral("fill in the arguments of %1").arg(svc));
        if (!r.size.isEmpty())
            w.comment(QStringLiteral("Source size: ") + r.size);
    }
    if (taggable) {
        w.blank();
        w.object(QStringLiteral("tags"));
        w.string(QStringLiteral("Name"), r.name);
        w.string(QStringLiteral("\"ferry:source\""), r.id);
        w.end();
    }
    w.end();
    if (svc != QLatin1String("aws_db_instance") && taggable)
        out->outputs.append(name + QStringLiteral("_id|") + svc + u'.' + name +
                            QStringLiteral(".id"));
}

void writeProviders(HclWriter &w, const Account &a, bool assumeRole)
{
    w.block(QStringLiteral("provider"), {QStringLiteral("aws")});
    w.attribute(QStringLiteral("region"), QStringLiteral("var.region"));
    if (assumeRole) {
        w.blank();
        w.block(QStringLiteral("assume_role"));
        w.attribute(
            QStringLiteral("role_arn"),
            q(QStringLiteral("arn:aws:iam::${var.account_id}:role/OrganizationAccountAccessRole"))
                .replace(QStringLiteral("$${"), QStringLiteral("${")));
        w.end();
    }
    w.blank();
    w.block(QStringLiteral("default_tags"));
    w.object(QStringLiteral("tags"));
    w.string(QStringLiteral("ManagedBy"), QStringLiteral("ferry"));
    w.string(QStringLiteral("Environment"), environmentName(a.environment));
    w.end();
    w.end();
    w.end();
}

void writeVariable(HclWriter &w, const QString &name, const QString &description,
                   const QString &type, const QString &defaultExpr, bool sensitive)
{
    w.block(QStringLiteral("variable"), {name});
    w.string(QStringLiteral("description"), description);
    w.attribute(QStringLiteral("type"), type);
    if (!defaultExpr.isEmpty())
        w.attribute(QStringLiteral("default"), defaultExpr);
    if (sensitive)
        w.attribute(QStringLiteral("sensitive"), QStringLiteral("true"));
    w.end();
}

void generateAccount(const Plan &plan, const Account &a, const QStringList &ids,
                     QMap<QString, QString> *files)
{
    const QString dir = folderName(a) + u'/';
    AccountOutput out;
    out.plan = &plan;
    {
        // Names first, so blocks can refer to each other.
        QStringList blocks;
        QSet<QString> used;
        for (const QString &id : ids) {
            const Resource *r = plan.resource(id);
            const Mapping *m = plan.mapping(id);
            if (!r || !m || m->targetService.isEmpty() || m->strategy == Strategy::Retire ||
                m->strategy == Strategy::Retain)
                continue;
            QString name = HclWriter::identifier(r->name.isEmpty() ? r->id : r->name);
            const QString base = name;
            for (int n = 2; used.contains(name); ++n)
                name = base + u'_' + QString::number(n);
            used.insert(name);
            out.addresses.insert(id, m->targetService + u'.' + name);
            blocks.append(id);
        }
        HclWriter w;
        for (const QString &id : std::as_const(blocks)) {
            w.blank();
            writeResource(w, *plan.resource(id), *plan.mapping(id),
                          out.addresses.value(id).section(u'.', 1), &out);
        }
        QString text = w.text();
        if (text.isEmpty())
            text = QStringLiteral("# No resources are mapped to this account yet.\n");
        files->insert(dir + QStringLiteral("main.tf"), text);
    }
    {
        HclWriter w;
        writeVersions(w);
        files->insert(dir + QStringLiteral("versions.tf"), w.text());
    }
    {
        HclWriter w;
        writeProviders(w, a, true);
        files->insert(dir + QStringLiteral("providers.tf"), w.text());
    }
    {
        HclWriter w;
        writeVariable(w, QStringLiteral("region"),
                      QStringLiteral("Default AWS region of the %1 account").arg(a.name),
                      QStringLiteral("string"), q(a.region), false);
        w.blank();
        writeVariable(w, QStringLiteral("account_id"),
                      QStringLiteral("AWS account id of %1 (see the organization folder's outputs)")
                          .arg(a.name),
                      QStringLiteral("string"), QString(), false);
        for (const QString &v : out.sensitiveVariables) {
            w.blank();
            writeVariable(
                w, v,
                QStringLiteral("Secret for %1: set TF_VAR_%1 or read it from a secrets manager")
                    .arg(v),
                QStringLiteral("string"), QString(), true);
        }
        files->insert(dir + QStringLiteral("variables.tf"), w.text());
    }
    {
        HclWriter w;
        for (const QString &o : out.outputs) {
            w.blank();
            w.block(QStringLiteral("output"), {o.section(u'|', 0, 0)});
            w.attribute(QStringLiteral("value"), o.section(u'|', 1));
            w.end();
        }
        QString text = w.text();
        if (text.isEmpty())
            text = QStringLiteral("# No outputs yet.\n");
        files->insert(dir + QStringLiteral("outputs.tf"), text);
    }
}

void generateOrganization(const Plan &plan, QMap<QString, QString> *files)
{
    const Organization &org = plan.organization;
    const QString dir = QStringLiteral("organization/");
    {
        HclWriter w;
        w.comment(
            QStringLiteral("AWS Organization \"%1\": organizational units and member accounts.")
                .arg(org.name));
        w.comment(QStringLiteral("Apply from the management account."));
        w.blank();
        w.block(QStringLiteral("data"),
                {QStringLiteral("aws_organizations_organization"), QStringLiteral("this")});
        w.end();
        auto parentExpr = [&](const QString &unitId) {
            if (unitId.isEmpty() || !org.unit(unitId))
                return QStringLiteral("data.aws_organizations_organization.this.roots[0].id");
            return QStringLiteral("aws_organizations_organizational_unit.%1.id")
                .arg(HclWriter::identifier(unitId));
        };
        // Parents before children, so the file reads top-down.
        QList<OrganizationalUnit> ordered;
        QSet<QString> placed;
        for (int pass = 0; pass <= org.units.size() && ordered.size() < org.units.size(); ++pass) {
            for (const OrganizationalUnit &u : org.units) {
                if (placed.contains(u.id))
                    continue;
                if (u.parentId.isEmpty() || placed.contains(u.parentId) || !org.unit(u.parentId) ||
                    pass == org.units.size()) {
                    ordered.append(u);
                    placed.insert(u.id);
                }
            }
        }
        for (const OrganizationalUnit &u : ordered) {
            w.blank();
            w.block(QStringLiteral("resource"),
                    {QStringLiteral("aws_organizations_organizational_unit"),
                     HclWriter::identifier(u.id)});
            w.string(QStringLiteral("name"), u.name);
            w.attribute(QStringLiteral("parent_id"), parentExpr(u.parentId));
            w.end();
        }
        for (const Account &a : org.accounts) {
            w.blank();
            w.block(QStringLiteral("resource"),
                    {QStringLiteral("aws_organizations_account"), HclWriter::identifier(a.id)});
            w.string(QStringLiteral("name"), a.name);
            w.attribute(QStringLiteral("email"),
                        QStringLiteral("var.account_emails[%1]").arg(q(a.id)));
            w.attribute(QStringLiteral("parent_id"), parentExpr(a.unitId));
            w.attribute(QStringLiteral("close_on_deletion"), QStringLiteral("false"));
            w.blank();
            w.object(QStringLiteral("tags"));
            w.string(QStringLiteral("Environment"), environmentName(a.environment));
            w.end();
            w.end();
        }
        files->insert(dir + QStringLiteral("main.tf"), w.text());
    }
    {
        HclWriter w;
        writeVersions(w);
        files->insert(dir + QStringLiteral("versions.tf"), w.text());
    }
    {
        HclWriter w;
        w.block(QStringLiteral("provider"), {QStringLiteral("aws")});
        w.attribute(QStringLiteral("region"), QStringLiteral("var.region"));
        w.end();
        files->insert(dir + QStringLiteral("providers.tf"), w.text());
    }
    {
        HclWriter w;
        writeVariable(w, QStringLiteral("region"),
                      QStringLiteral("Region of the management account's API calls"),
                      QStringLiteral("string"), q(QStringLiteral("us-east-1")), false);
        w.blank();
        w.comment(kTodo + QStringLiteral("give each new account a unique root e-mail address"));
        writeVariable(w, QStringLiteral("account_emails"),
                      QStringLiteral("Root e-mail address of each member account, by account id"),
                      QStringLiteral("map(string)"), QString(), false);
        files->insert(dir + QStringLiteral("variables.tf"), w.text());
    }
    {
        HclWriter w;
        w.block(QStringLiteral("output"), {QStringLiteral("account_ids")});
        w.object(QStringLiteral("value"));
        for (const Account &a : org.accounts)
            w.attribute(
                q(a.id),
                QStringLiteral("aws_organizations_account.%1.id").arg(HclWriter::identifier(a.id)));
        w.end();
        w.end();
        files->insert(dir + QStringLiteral("outputs.tf"), w.text());
    }
}

} // namespace

QMap<QString, QString> generate(const Plan &plan)
{
    QMap<QString, QString> files;
    generateOrganization(plan, &files);
    for (const Account &a : plan.organization.accounts) {
        const QStringList ids = plan.resourcesInAccount(a.id);
        if (!ids.isEmpty())
            generateAccount(plan, a, ids, &files);
    }
    return files;
}

bool writeFiles(const QString &directory, const QMap<QString, QString> &files, QString *error)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString path = QDir(directory).filePath(it.key());
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            *error = path + QStringLiteral(": cannot create the folder");
            return false;
        }
        QString reason;
        if (!writeFileAtomically(path, it.value().toUtf8(), &reason)) {
            *error = path + QStringLiteral(": ") + reason;
            return false;
        }
    }
    return true;
}

} // namespace Ferry::TerraformExport
