// SPDX-License-Identifier: MIT
// A DigitalOcean team's DNS: zones moving into it (`digitalocean_domain`) and their records
// (`digitalocean_record`), written for the digitalocean/digitalocean provider 2.x
// (registry.terraform.io/providers/digitalocean/digitalocean/latest/docs/resources/domain,
// …/resources/record: types A, AAAA, CAA, CNAME, MX, NS, TXT, SRV; `@` for the domain itself;
// hostnames as values end with a dot).

#include "hclwriter.h"
#include "resourcekind.h"
#include "terraformdigitaloceanfolder.h"

#include <QRegularExpression>

namespace Ferry::TerraformExport::DigitalOcean {

namespace {

/// `name` as a domain name DigitalOcean takes (letters, digits, hyphens, dots; lower case, no
/// trailing dot), or empty when it is none.
QString domainName(QString name)
{
    static const QRegularExpression valid(QStringLiteral(
        "^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$"));
    name = name.toLower();
    if (name.endsWith(u'.'))
        name.chop(1);
    return valid.match(name).hasMatch() ? name : QString();
}

/// A record's name relative to its domain (`www`, `@` for the domain itself), from a name that
/// may be the full one (Route 53 writes `www.example.com`).
QString relativeName(const QString &name, const QString &domain)
{
    QString n = name.endsWith(u'.') ? name.chopped(1) : name;
    if (n.isEmpty() || n == QLatin1String("@") || (!domain.isEmpty() && n == domain))
        return QStringLiteral("@");
    if (!domain.isEmpty() && n.endsWith(u'.' + domain))
        n.chop(domain.size() + 1);
    return n;
}

/// The value as DigitalOcean takes it: a hostname (CNAME, MX, NS, SRV) ends with a dot.
QString recordValue(const QString &type, const QString &value)
{
    const bool hostname = type == QLatin1String("CNAME") || type == QLatin1String("MX") ||
                          type == QLatin1String("NS") || type == QLatin1String("SRV");
    if (hostname && !value.isEmpty() && value != QLatin1String("@") && !value.endsWith(u'.'))
        return value + u'.';
    return value;
}

} // namespace

void DigitalOceanFolder::writeZone(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const Mapping &m = *plan.mapping(id);
    const QString l = label.value(id);
    w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                       QString::number(m.wave)));
    w.comment(QStringLiteral("DigitalOcean answers for it at ns1, ns2 and ns3.digitalocean.com "
                             "(their NS records come with the domain) once the registrar "
                             "delegates it there: the runbook's delegate-zone step."));
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_domain"), l});
    if (const QString name = domainName(r.name); !name.isEmpty())
        w.string(QStringLiteral("name"), name);
    else
        w.attribute(
            QStringLiteral("name"),
            decide(
                l + QStringLiteral("_name"), QStringLiteral("string"),
                QStringLiteral("The domain name of %1 (the source's name is not one)").arg(r.id)));
    w.end();
}

QString DigitalOceanFolder::zoneOfRecord(const QString &id) const
{
    if (!recordZonesBuilt) {
        // Once per folder: the zones by name, and each record's zone by the import's
        // dependency between them (a record whose domain the import did not name).
        for (const QString &z : zones)
            if (const QString name = domainName(plan.resource(z)->name); !name.isEmpty())
                zoneByName.insert(name, z);
        const QSet<QString> zoneIds(zones.cbegin(), zones.cend());
        const QSet<QString> recordIds(records.cbegin(), records.cend());
        for (const Dependency &d : plan.inventory.dependencies) {
            if (recordIds.contains(d.from) && zoneIds.contains(d.to))
                recordZone.insert(d.from, d.to);
            else if (recordIds.contains(d.to) && zoneIds.contains(d.from))
                recordZone.insert(d.to, d.from);
        }
        recordZonesBuilt = true;
    }
    const QString domain =
        domainName(plan.resource(id)->attributes.value(QStringLiteral("domain")));
    if (const QString z = zoneByName.value(domain); !domain.isEmpty() && !z.isEmpty())
        return z;
    return recordZone.value(id);
}

void DigitalOceanFolder::writeRecord(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const Mapping &m = *plan.mapping(id);
    const QString l = label.value(id);
    const QString zone = zoneOfRecord(id);
    const QString domain = zone.isEmpty() ? domainName(r.attributes.value(QStringLiteral("domain")))
                                          : domainName(plan.resource(zone)->name);
    const QString type = r.attributes.value(QStringLiteral("record_type")).isEmpty()
                             ? QStringLiteral("A")
                             : r.attributes.value(QStringLiteral("record_type")).toUpper();
    const QString name = relativeName(r.name, domain);
    w.comment(QStringLiteral("%1 \"%2\" (%3), strategy %4, wave %5")
                  .arg(typeLabel(r.type), r.name, r.id, strategyName(m.strategy),
                       QString::number(m.wave)));
    if (name == QLatin1String("@") &&
        (type == QLatin1String("NS") || type == QLatin1String("SOA"))) {
        w.comment(QStringLiteral("The domain's own %1 record: DigitalOcean creates it with the "
                                 "domain, so it is not exported.")
                      .arg(type));
        return;
    }
    QString value = r.attributes.value(QStringLiteral("value"));
    QString priority = r.attributes.value(QStringLiteral("priority"));
    // Route 53 writes an MX record's priority in its value: `10 mail.example.com`.
    static const QRegularExpression mx(QStringLiteral("^(\\d{1,5})\\s+(\\S+)$"));
    if (type == QLatin1String("MX"))
        if (const QRegularExpressionMatch match = mx.match(value); match.hasMatch()) {
            if (priority.isEmpty())
                priority = match.captured(1);
            value = match.captured(2);
        }
    static const QStringList writable = {QStringLiteral("A"),     QStringLiteral("AAAA"),
                                         QStringLiteral("CNAME"), QStringLiteral("MX"),
                                         QStringLiteral("NS"),    QStringLiteral("TXT")};
    if (!writable.contains(type) && !(type == QLatin1String("ALIAS"))) {
        // SRV and CAA need fields (weight, port; flags, tag) the imports do not read.
        w.comment(kTodo + QStringLiteral("Ferry does not write %1 records for DigitalOcean: add it "
                                         "by hand (source value %2)")
                              .arg(type, value));
        summary->notWritten.append(
            id + QStringLiteral(": Ferry does not write %1 records for DigitalOcean").arg(type));
        return;
    }
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_record"), l});
    if (!zone.isEmpty()) {
        w.attribute(QStringLiteral("domain"), QStringLiteral("digitalocean_domain.") +
                                                  label.value(zone) + QStringLiteral(".id"));
    } else if (!domain.isEmpty()) {
        w.comment(
            QStringLiteral("%1 is not in this folder: it must exist in the team").arg(domain));
        w.string(QStringLiteral("domain"), domain);
    } else {
        w.attribute(QStringLiteral("domain"),
                    decide(l + QStringLiteral("_domain"), QStringLiteral("string"),
                           QStringLiteral("The team's domain that record %1 (%2) is in: the "
                                          "import did not name it, and no domain of this folder "
                                          "holds it")
                               .arg(r.name, r.id)));
    }
    // DigitalOcean has no ALIAS type: a CNAME, which it also allows at `@`.
    const QString written = type == QLatin1String("ALIAS") ? QStringLiteral("CNAME") : type;
    w.string(QStringLiteral("type"), written);
    w.string(QStringLiteral("name"), name);
    const QString before =
        value.isEmpty()
            ? decide(l + QStringLiteral("_value"), QStringLiteral("string"),
                     QStringLiteral("What %1 (%2) points at until the cutover; the source record "
                                    "gave no value")
                         .arg(r.name, written))
            : q(recordValue(written, value));
    if (isSwitchedRecord(r)) {
        // Serves the source's value until the runbook's switch step sets <label>_switched.
        decide(l + QStringLiteral("_switched"), QStringLiteral("bool"),
               QStringLiteral("Whether %1 (%2) points at the migrated service: false until the "
                              "runbook's switch step sets it")
                   .arg(r.name, written),
               QStringLiteral("false"));
        decide(l + QStringLiteral("_target"), QStringLiteral("string"),
               QStringLiteral("What %1 (%2) points at once switched: the migrated service's "
                              "address or hostname (set by the runbook's switch step)")
                   .arg(r.name, written),
               QStringLiteral("null"));
        decide(l + QStringLiteral("_ttl"), QStringLiteral("number"),
               QStringLiteral("TTL of %1 in seconds: 60 through the cutover; the runbook's "
                              "cleanup sets the source's%2 again")
                   .arg(r.name, r.attributes.value(QStringLiteral("ttl")).isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (%1)").arg(
                                          r.attributes.value(QStringLiteral("ttl")))),
               QStringLiteral("60"));
        w.attribute(QStringLiteral("value"),
                    QStringLiteral("var.%1_switched ? var.%1_target : %2").arg(l, before));
        w.attribute(QStringLiteral("ttl"), QStringLiteral("var.%1_ttl").arg(l));
    } else {
        w.attribute(QStringLiteral("value"), before);
        w.number(QStringLiteral("ttl"), r.attributes.value(QStringLiteral("ttl")),
                 QStringLiteral("1800"));
    }
    if (written == QLatin1String("MX")) {
        if (priority.isEmpty())
            w.attribute(QStringLiteral("priority"),
                        decide(l + QStringLiteral("_priority"), QStringLiteral("number"),
                               QStringLiteral("Priority of MX record %1 (%2): the import did "
                                              "not read it")
                                   .arg(r.name, r.id)));
        else
            w.number(QStringLiteral("priority"), priority, QStringLiteral("10"));
    }
    w.end();
}

} // namespace Ferry::TerraformExport::DigitalOcean
