// SPDX-License-Identifier: MIT
#include "terraformexport.h"

#include "escaping.h"
#include "exportfolder.h"
#include "hclwriter.h"
#include "landingzone.h"
#include "terraformfolders.h"
#include "terraformresources.h"

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

void generateAccount(const Plan &plan, const Account &a, const QString &folder,
                     const QStringList &ids, const QString &defaultCidr,
                     QMap<QString, QString> *files, Summary *summary)
{
    const QString dir = folder + u'/';
    AccountOutput out;
    out.plan = &plan;
    out.network.folder = folder;
    out.network.defaultCidr = defaultCidr;
    {
        // Names first (awsLabels()), so blocks can refer to each other.
        QStringList blocks;
        QList<Adopted> adopted;
        const QHash<QString, QString> labels = awsLabels(plan, folder, ids);
        // A mapping's further targets (Mapping::alsoServices): a block each, after the source's
        // own one (or, for a source the account's EKS cluster absorbs, after every other).
        QHash<QString, QStringList> alsoBlocks;
        QStringList absorbedWithAlso;
        int alsoCount = 0;
        auto alsoOf = [&](const QString &id, const Mapping &m, bool absorbed) {
            for (const QString &service : m.alsoServices) {
                QString whyNot;
                if (!isTerraformType(service))
                    whyNot = QStringLiteral("further target '%1' is not a Terraform type name");
                else if (service == QLatin1String("aws_eks_cluster"))
                    whyNot = QStringLiteral("further target %1 is the account's shared cluster: "
                                            "map the source onto it");
                else if (!labels.contains(alsoLabelKey(id, service)))
                    continue; // its own service
                if (whyNot.isEmpty() && writerFor(service) == Writer::Skeleton)
                    summary->notWritten.append(
                        id + QStringLiteral(": Ferry does not write the arguments of further "
                                            "target %1 (a commented-out block is in %2main.tf)")
                                 .arg(service, dir));
                if (!whyNot.isEmpty()) {
                    summary->notWritten.append(id + QStringLiteral(": ") + whyNot.arg(service));
                    continue;
                }
                if (alsoBlocks[id].isEmpty() && absorbed)
                    absorbedWithAlso.append(id);
                alsoBlocks[id].append(service);
                ++alsoCount;
            }
        };
        for (const QString &id : ids) {
            const Resource *r = plan.resource(id);
            const Mapping *m = plan.mapping(id);
            if (r && m && m->strategy == Strategy::Retain && !m->alsoServices.isEmpty())
                summary->notWritten.append(
                    id + QStringLiteral(": a resource that stays (strategy retain) gets no "
                                        "further targets (%1)")
                             .arg(m->alsoServices.join(QStringLiteral(", "))));
            if (r && m && m->strategy == Strategy::Retain && isAdoptable(*r)) {
                adopted.append({r, labels.value(id)});
                continue;
            }
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
            // Sources mapped onto a shared target (one EKS cluster per account) are absorbed
            // by one block, labelled after the account so that it stays when a source joins.
            if (m->targetService == QLatin1String("aws_eks_cluster")) {
                QStringList &shared = out.sharedSources[m->targetService];
                shared.append(id);
                if (shared.size() > 1) {
                    out.addresses.insert(id, out.addresses.value(shared.first()));
                    alsoOf(id, *m, true);
                    continue;
                }
            }
            const QString name = labels.value(id);
            out.addresses.insert(id, m->targetService + u'.' + name);
            blocks.append(id);
            alsoOf(id, *m, false);
            if (m->targetService == QLatin1String("aws_vpc") && out.network.mappedVpc.isEmpty())
                out.network.mappedVpc = name;
            if (writerFor(m->targetService) == Writer::Skeleton)
                summary->notWritten.append(
                    id + QStringLiteral(": Ferry does not write the arguments of %1 (a "
                                        "commented-out block is in %2main.tf)")
                             .arg(m->targetService, dir));
        }
        summary->resourcesPerFolder.insert(folder, int(blocks.size()) + alsoCount);
        HclWriter w;
        auto writeAlso = [&](const QString &id) {
            for (const QString &service : alsoBlocks.value(id)) {
                Mapping further = *plan.mapping(id);
                further.targetService = service;
                further.alsoServices.clear();
                w.blank();
                writeResource(w, *plan.resource(id), further,
                              labels.value(alsoLabelKey(id, service)), &out);
            }
        };
        for (const QString &id : std::as_const(blocks)) {
            w.blank();
            writeResource(w, *plan.resource(id), *plan.mapping(id),
                          out.addresses.value(id).section(u'.', 1), &out);
            writeAlso(id);
        }
        for (const QString &id : std::as_const(absorbedWithAlso))
            writeAlso(id);
        QString text = w.text();
        if (text.isEmpty())
            text = adopted.isEmpty()
                       ? QStringLiteral("# No resources are mapped to this account yet.\n")
                       : QStringLiteral("# Nothing is created in this account: what stays is "
                                        "adopted in imports.tf.\n");
        files->insert(dir + QStringLiteral("main.tf"), text);
        if (!adopted.isEmpty()) {
            HclWriter imports;
            writeAdoption(imports, adopted);
            files->insert(dir + QStringLiteral("imports.tf"), imports.text());
        }
    }
    // The landing zone, where the folder has resources to put in it.
    const bool network = summary->resourcesPerFolder.value(folder) > 0;
    if (network) {
        HclWriter w;
        LandingZone::write(w, out.network);
        files->insert(dir + QStringLiteral("network.tf"), w.text());
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
                      QStringLiteral("string"),
                      a.awsAccountId.isEmpty() ? QString() : q(a.awsAccountId), false);
        if (network && out.network.mappedVpc.isEmpty()) {
            w.blank();
            writeVariable(
                w, QStringLiteral("vpc_cidr"),
                out.network.defaultCidr.isEmpty()
                    ? QStringLiteral("CIDR of the %1 account's VPC (no /16 from "
                                     "10.64.0.0 to 10.255.0.0 is free of the "
                                     "inventory's and the other accounts' networks)")
                          .arg(a.name)
                    : QStringLiteral("CIDR of the %1 account's VPC: by default a /16 "
                                     "that overlaps no network of the inventory and no "
                                     "other account's")
                          .arg(a.name),
                QStringLiteral("string"),
                out.network.defaultCidr.isEmpty() ? QString() : q(out.network.defaultCidr), false);
        }
        for (const AccountOutput::Decision &d : std::as_const(out.decisions)) {
            w.blank();
            writeVariable(w, d.name, d.description, d.type, d.defaultValue, false);
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

} // namespace

QString UniqueLabels::claim(const QString &base, const QString &key)
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

QString configParameterPath(const QString &appName)
{
    static const QRegularExpression other(QStringLiteral("[^a-z0-9-]+"));
    QString name = appName.toLower().replace(other, QStringLiteral("-"));
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    while (name.endsWith(u'-'))
        name.chop(1);
    return u'/' + (name.isEmpty() ? QStringLiteral("app") : name.left(100)) + u'/';
}

QHash<QString, QString> awsLabels(const Plan &plan, const QString &folder, const QStringList &ids)
{
    // Block labels are unique in the folder whatever the type (outputs and variables are named
    // after them) and avoid the landing zone's.
    QSet<QString> reserved = {QStringLiteral("region"), QStringLiteral("account_id")};
    for (const QString &l : LandingZone::reservedLabels())
        reserved.insert(l);
    UniqueLabels labels(u'_', reserved);
    QHash<QString, QString> result;
    QString sharedEks;
    for (const QString &id : ids) {
        const Resource *r = plan.resource(id);
        const Mapping *m = plan.mapping(id);
        if (!r || !m || m->strategy == Strategy::Retire ||
            (m->strategy == Strategy::Retain && !isAdoptable(*r)))
            continue;
        if (m->strategy != Strategy::Retain && !isTerraformType(m->targetService))
            continue;
        if (m->strategy != Strategy::Retain &&
            m->targetService == QLatin1String("aws_eks_cluster")) {
            // Sources mapped onto a shared target share one block, labelled after the account.
            if (sharedEks.isEmpty())
                sharedEks = labels.claim(HclWriter::identifier(folder) + QStringLiteral("_eks"),
                                         m->targetService);
            result.insert(id, sharedEks);
            continue;
        }
        result.insert(id,
                      labels.claim(HclWriter::identifier(r->name.isEmpty() ? r->id : r->name), id));
    }
    // Further targets after every source's own label, so that adding one renames nothing else.
    for (const QString &id : ids) {
        const Mapping *m = plan.mapping(id);
        if (!m || m->strategy == Strategy::Retain || !result.contains(id))
            continue;
        // A source the account's cluster absorbs shares its label: its own name instead.
        const Resource *r = plan.resource(id);
        const QString own = m->targetService == QLatin1String("aws_eks_cluster")
                                ? HclWriter::identifier(r->name.isEmpty() ? r->id : r->name)
                                : result.value(id);
        for (const QString &service : m->alsoServices) {
            if (service == m->targetService || !isTerraformType(service))
                continue;
            const QString key = alsoLabelKey(id, service);
            result.insert(key, labels.claim(own + u'_' + service.section(u'_', 1), key));
        }
    }
    return result;
}

bool isSwitchedRecord(const Resource &r)
{
    const QString type = r.attributes.value(QStringLiteral("record_type")).toUpper();
    return type.isEmpty() || type == QLatin1String("A") || type == QLatin1String("AAAA") ||
           type == QLatin1String("CNAME") || type == QLatin1String("ALIAS");
}

QString alsoLabelKey(const QString &id, const QString &service)
{
    return id + QChar(0x1f) + service;
}

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
    // An organization of DigitalOcean teams alone has no AWS Organization to write.
    if (std::any_of(plan.organization.accounts.cbegin(), plan.organization.accounts.cend(),
                    [](const Account &a) { return a.cloud == TargetCloud::Aws; }))
        generateOrganization(plan, organizationFolder(), &files);
    const QHash<QString, QString> folders = accountFolders(plan.organization);
    // Each account's VPC CIDR overlaps no network of the inventory and no other account's:
    // chosen in account id order, so that a CIDR only moves when a new account collides.
    QStringList taken;
    for (const auto &[id, r] : plan.inventory.resources)
        if (const QString c = r.attributes.value(QStringLiteral("cidr")); !c.isEmpty())
            taken.append(c);
    QList<const Account *> byId;
    for (const Account &a : plan.organization.accounts)
        byId.append(&a);
    std::sort(byId.begin(), byId.end(),
              [](const Account *x, const Account *y) { return x->id < y->id; });
    QHash<QString, QString> cidrs;
    for (const Account *a : std::as_const(byId)) {
        const QString cidr = LandingZone::defaultCidr(a->id, taken);
        cidrs.insert(a->id, cidr);
        taken.append(cidr);
    }
    for (const Account &a : plan.organization.accounts) {
        const QStringList ids = plan.resourcesInAccount(a.id);
        if (ids.isEmpty())
            continue;
        if (a.cloud == TargetCloud::DigitalOcean)
            generateDigitalOceanAccount(plan, a, folders.value(a.id), ids, cidrs.value(a.id),
                                        &files, summary);
        else
            generateAccount(plan, a, folders.value(a.id), ids, cidrs.value(a.id), &files, summary);
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
