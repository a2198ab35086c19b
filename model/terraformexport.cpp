// SPDX-License-Identifier: MIT
#include "terraformexport.h"

#include "escaping.h"
#include "exportfolder.h"
#include "hclwriter.h"
#include "instancesizes.h"
#include "resourcekind.h"

#include <QCryptographicHash>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace Ferry::TerraformExport {

namespace {

const QString kTodo = QStringLiteral("TODO: ");

QString q(const QString &s)
{
    return HclWriter::quote(s);
}

/// Hands out labels unique within one namespace (a folder's block labels, an export's folder
/// names) and stable across exports: the first key (in the caller's deterministic order) to ask
/// for a base keeps it; a later one gets `separator` and 6 hex digits of a hash of its key.
class UniqueLabels
{
public:
    explicit UniqueLabels(QChar separator = u'_', QSet<QString> reserved = {})
        : m_separator(separator)
        , m_used(std::move(reserved))
    {}
    QString claim(const QString &base, const QString &key)
    {
        QString label = base;
        if (m_used.contains(label)) {
            const QString hash = QString::fromLatin1(
                QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex().left(6));
            label = base + m_separator + hash;
            for (int n = 2; m_used.contains(label); ++n)
                label = base + m_separator + hash + m_separator + QString::number(n);
        }
        m_used.insert(label);
        return label;
    }

private:
    QChar m_separator;
    QSet<QString> m_used;
};

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
    /// A value a person must decide that has no safe default: a variable without one, so that
    /// `terraform plan` asks for it (never an empty string or list the provider refuses).
    struct Decision
    {
        QString name;
        QString type; ///< `string`, `list(string)`
        QString description;
    };
    QList<Decision> decisions;
    QStringList outputs; ///< "name|expression"
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
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                       QString::number(m.wave)));
    w.block(QStringLiteral("resource"), {svc, name});
    auto todo = [&](const QString &attr, const QString &expr, const QString &why) {
        w.comment(kTodo + why);
        w.attribute(attr, expr);
    };
    auto attr = [&](const char *k) {
        return r.attributes.value(QString::fromLatin1(k));
    };
    // A class from the size table (resources/instance-sizes.yaml): the smallest that holds the
    // source's vCPUs and memory, both sides' figures in a comment; a TODO when the source's
    // figures are not known or no class holds them.
    auto sized = [&](const QString &attribute, const QString &fallback, const QString &what) {
        const InstanceSizes &sizes = InstanceSizes::builtIn();
        const QString source = r.size.isEmpty() ? QStringLiteral("size unknown") : r.size;
        const std::optional<SizeFigures> need = sizes.figuresOf(r);
        const std::optional<TargetSize> target =
            need ? sizes.targetFor(svc, *need) : std::optional<TargetSize>();
        if (!target) {
            todo(attribute, q(fallback),
                 QStringLiteral("choose %1 (source: %2%3)")
                     .arg(what, source,
                          need ? QStringLiteral(", ") + sizeFiguresText(*need) +
                                     QStringLiteral(", more than the size table holds")
                               : QString()));
            return;
        }
        w.comment(QStringLiteral("Sized from the source: %1 (%2) → %3 (%4), the smallest class "
                                 "that holds it")
                      .arg(source, sizeFiguresText(*need), target->sizeClass,
                           sizeFiguresText(target->figures)));
        w.string(attribute, target->sizeClass);
    };
    bool taggable = true;
    if (svc == QLatin1String("aws_instance")) {
        todo(QStringLiteral("ami"), q(QStringLiteral("ami-00000000000000000")),
             QStringLiteral("choose the AMI (source image: %1)")
                 .arg(attr("image").isEmpty() ? QStringLiteral("unknown") : attr("image")));
        sized(QStringLiteral("instance_type"), QStringLiteral("t3.medium"),
              QStringLiteral("the instance type"));
        todo(QStringLiteral("subnet_id"), q(QString()), QStringLiteral("choose the subnet"));
        if (!attr("disk_gb").isEmpty()) {
            w.blank();
            w.block(QStringLiteral("root_block_device"));
            w.number(QStringLiteral("volume_size"), attr("disk_gb"), QStringLiteral("20"));
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
        sized(QStringLiteral("instance_class"), QStringLiteral("db.t3.medium"),
              QStringLiteral("the instance class"));
        todo(QStringLiteral("allocated_storage"),
             HclWriter::isNumber(attr("disk_gb")) ? attr("disk_gb") : QStringLiteral("20"),
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
        sized(QStringLiteral("node_type"), QStringLiteral("cache.t3.medium"),
              QStringLiteral("the node type"));
        w.number(QStringLiteral("num_cache_clusters"), attr("node_count"), QStringLiteral("1"));
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
        const QString domain = attr("domain");
        const QString type =
            attr("record_type").isEmpty() ? QStringLiteral("A") : attr("record_type");
        // DigitalOcean writes the apex as `@`, in names and in values.
        const QString recordName =
            r.name == QLatin1String("@") && !domain.isEmpty() ? domain : r.name;
        if (!zone.isEmpty()) {
            w.attribute(QStringLiteral("zone_id"), zone + QStringLiteral(".zone_id"));
        } else {
            const QString v = name + QStringLiteral("_zone_id");
            out->decisions.append({v, QStringLiteral("string"),
                                   domain.isEmpty()
                                       ? QStringLiteral("Route 53 hosted zone id for record %1 "
                                                        "(%2): the import did not name its "
                                                        "domain, and no zone of this account "
                                                        "holds it")
                                             .arg(r.name, r.id)
                                       : QStringLiteral("Route 53 hosted zone id of %1 (the zone "
                                                        "is not in this account's folder)")
                                             .arg(domain)});
            w.attribute(QStringLiteral("zone_id"), QStringLiteral("var.") + v);
        }
        w.string(QStringLiteral("name"), recordName);
        w.string(QStringLiteral("type"), type);
        w.number(QStringLiteral("ttl"), attr("ttl"), QStringLiteral("300"));
        const QString value =
            attr("value") == QLatin1String("@") && !domain.isEmpty() ? domain : attr("value");
        if (value.isEmpty() || value == QLatin1String("@")) {
            const QString v = name + QStringLiteral("_records");
            out->decisions.append({v, QStringLiteral("list(string)"),
                                   QStringLiteral("What %1 (%2) points at on the target; the "
                                                  "source record gave no usable value")
                                       .arg(recordName, type)});
            w.attribute(QStringLiteral("records"), QStringLiteral("var.") + v);
        } else {
            todo(QStringLiteral("records"), HclWriter::list({q(value)}),
                 QStringLiteral("point at the target (source value shown)"));
        }
    } else if (svc == QLatin1String("aws_ebs_volume")) {
        todo(QStringLiteral("availability_zone"), q(QString()),
             QStringLiteral("choose the availability zone"));
        w.number(QStringLiteral("size"), attr("disk_gb"), QStringLiteral("10"));
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
        // EKS takes `major.minor` (DigitalOcean writes `1.29.1-do.0`).
        static const QRegularExpression kubernetesVersion(QStringLiteral("^v?(\\d+\\.\\d+)"));
        if (const QRegularExpressionMatch v = kubernetesVersion.match(attr("version"));
            v.hasMatch())
            todo(QStringLiteral("version"), q(v.captured(1)),
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
        w.number(QStringLiteral("desired_count"), attr("quantity"), QStringLiteral("1"));
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

void generateAccount(const Plan &plan, const Account &a, const QString &folder,
                     const QStringList &ids, QMap<QString, QString> *files, Summary *summary)
{
    const QString dir = folder + u'/';
    AccountOutput out;
    out.plan = &plan;
    {
        // Names first, so blocks can refer to each other. Block labels are unique in the
        // folder (whatever the type: outputs and variables are named after them).
        QStringList blocks;
        UniqueLabels labels(u'_', {QStringLiteral("region"), QStringLiteral("account_id")});
        for (const QString &id : ids) {
            const Resource *r = plan.resource(id);
            const Mapping *m = plan.mapping(id);
            if (!r || !m || m->strategy == Strategy::Retire || m->strategy == Strategy::Retain)
                continue;
            if (!isTerraformType(m->targetService)) {
                summary->notWritten.append(
                    id + QStringLiteral(": ") +
                    (m->targetService.isEmpty()
                         ? QStringLiteral("no target service chosen")
                         : QStringLiteral("target service '%1' is not a Terraform type name")
                               .arg(m->targetService)));
                continue;
            }
            const QString name =
                labels.claim(HclWriter::identifier(r->name.isEmpty() ? r->id : r->name), id);
            out.addresses.insert(id, m->targetService + u'.' + name);
            blocks.append(id);
        }
        summary->resourcesPerFolder.insert(folder, int(blocks.size()));
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
        for (const AccountOutput::Decision &d : std::as_const(out.decisions)) {
            w.blank();
            writeVariable(w, d.name, d.description, d.type, QString(), false);
        }
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

void generateOrganization(const Plan &plan, const QString &folder, QMap<QString, QString> *files)
{
    const Organization &org = plan.organization;
    const QString dir = folder + u'/';
    // Block labels of the OUs and accounts, unique within each type.
    QHash<QString, QString> unitLabels, accountLabels;
    {
        UniqueLabels units, accounts;
        for (const OrganizationalUnit &u : org.units)
            unitLabels.insert(u.id, units.claim(HclWriter::identifier(u.id), u.id));
        for (const Account &a : org.accounts)
            accountLabels.insert(a.id, accounts.claim(HclWriter::identifier(a.id), a.id));
    }
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
                .arg(unitLabels.value(unitId));
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
            w.block(
                QStringLiteral("resource"),
                {QStringLiteral("aws_organizations_organizational_unit"), unitLabels.value(u.id)});
            w.string(QStringLiteral("name"), u.name);
            w.attribute(QStringLiteral("parent_id"), parentExpr(u.parentId));
            w.end();
        }
        for (const Account &a : org.accounts) {
            w.blank();
            w.block(QStringLiteral("resource"),
                    {QStringLiteral("aws_organizations_account"), accountLabels.value(a.id)});
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
                QStringLiteral("aws_organizations_account.%1.id").arg(accountLabels.value(a.id)));
        w.end();
        w.end();
        files->insert(dir + QStringLiteral("outputs.tf"), w.text());
    }
}

} // namespace

QHash<QString, QString> accountFolders(const Organization &organization)
{
    QList<const Account *> accounts;
    for (const Account &a : organization.accounts)
        accounts.append(&a);
    std::sort(accounts.begin(), accounts.end(),
              [](const Account *x, const Account *y) { return x->id < y->id; });
    UniqueLabels folders(u'-', {organizationFolder()});
    QHash<QString, QString> result;
    for (const Account *a : std::as_const(accounts)) {
        QString slug = HclWriter::identifier(a->name.isEmpty() ? a->id : a->name);
        slug.replace(u'_', u'-');
        result.insert(a->id, folders.claim(slug, a->id));
    }
    return result;
}

QString organizationFolder()
{
    return QStringLiteral("organization");
}

bool isTerraformType(const QString &s)
{
    static const QRegularExpression type(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)+$"));
    return s.size() <= 128 && type.match(s).hasMatch();
}

QMap<QString, QString> generate(const Plan &plan, Summary *summary)
{
    Summary ignored;
    if (!summary)
        summary = &ignored;
    *summary = {};
    QMap<QString, QString> files;
    generateOrganization(plan, organizationFolder(), &files);
    const QHash<QString, QString> folders = accountFolders(plan.organization);
    for (const Account &a : plan.organization.accounts) {
        const QStringList ids = plan.resourcesInAccount(a.id);
        if (!ids.isEmpty())
            generateAccount(plan, a, folders.value(a.id), ids, &files, summary);
    }
    return files;
}

bool writeFiles(const QString &directory, const QMap<QString, QString> &files,
                ExportFolder::Result *result, QString *error)
{
    return ExportFolder::write(directory, files, result, error);
}

QString summaryText(const Summary &summary, const ExportFolder::Result &result)
{
    QMap<QString, int> filesPerFolder;
    for (const QString &path : result.written)
        ++filesPerFolder[path.section(u'/', 0, 0)];
    QString text = QStringLiteral("%1 files written, %2 stale files removed\n")
                       .arg(result.written.size())
                       .arg(result.removed.size());
    for (auto it = filesPerFolder.cbegin(); it != filesPerFolder.cend(); ++it) {
        text += QStringLiteral("  %1/: %2 files").arg(Escape::visible(it.key())).arg(it.value());
        if (summary.resourcesPerFolder.contains(it.key()))
            text +=
                QStringLiteral(", %1 resources").arg(summary.resourcesPerFolder.value(it.key()));
        text += u'\n';
    }
    for (const QString &path : result.removed)
        text += QStringLiteral("  removed %1\n").arg(Escape::visible(path));
    if (!summary.notWritten.isEmpty()) {
        text += QStringLiteral("%1 mapped resources have no Terraform block:\n")
                    .arg(summary.notWritten.size());
        for (const QString &line : summary.notWritten)
            text += QStringLiteral("  ") + Escape::visible(line) + u'\n';
    }
    return text;
}

} // namespace Ferry::TerraformExport
