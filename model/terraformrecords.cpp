// SPDX-License-Identifier: MIT
// Route 53 records (members of the private ResourceWriter): in their zone, the apex by the
// zone's name, and — for a record the cutover switches — the source's value until the runbook
// sets `<label>_switched` (TerraformExport::isSwitchedRecord()).
#include "terraformresourcewriter.h"

namespace Ferry::TerraformExport {

bool ResourceWriter::recordAtApex() const
{
    const QString domain = attr("domain");
    return r.name.isEmpty() || r.name == QLatin1String("@") ||
           (!domain.isEmpty() && r.name == domain);
}

QString ResourceWriter::recordType() const
{
    return attr("record_type").isEmpty() ? QStringLiteral("A") : attr("record_type").toUpper();
}

// Before the record's block: where the apex's name is known only from a zone outside the
// folder, a data source reads it from the zone id the user gives.
void ResourceWriter::recordPrelude()
{
    const QString zone = out->firstRelated(r.id, QStringLiteral("aws_route53_zone"));
    const QString domain = attr("domain");
    if (!zone.isEmpty()) {
        m_recordZoneId = zone + QStringLiteral(".zone_id");
        m_recordApexName = zone + QStringLiteral(".name");
        return;
    }
    m_recordZoneId =
        decide(QStringLiteral("zone_id"), QStringLiteral("string"),
               domain.isEmpty()
                   ? QStringLiteral("Route 53 hosted zone id for record %1 (%2): the import did "
                                    "not name its domain, and no zone of this account holds it")
                         .arg(r.name, r.id)
                   : QStringLiteral("Route 53 hosted zone id of %1 (the zone is not in this "
                                    "account's folder)")
                         .arg(domain));
    if (!domain.isEmpty()) {
        m_recordApexName = q(domain);
    } else if (recordAtApex()) {
        w.block(QStringLiteral("data"), {QStringLiteral("aws_route53_zone"), name});
        w.attribute(QStringLiteral("zone_id"), m_recordZoneId);
        w.end();
        w.blank();
        m_recordApexName = QStringLiteral("data.aws_route53_zone.%1.name").arg(name);
    }
}

// The provider appends the zone's name to a relative record name (`www` → `www.example.com`);
// the apex is the zone's own name, never DigitalOcean's `@`.
void ResourceWriter::record()
{
    taggable = false;
    const QString domain = attr("domain");
    const QString type = recordType();
    w.attribute(QStringLiteral("zone_id"), m_recordZoneId);
    if (recordAtApex())
        w.attribute(QStringLiteral("name"), m_recordApexName);
    else
        w.string(QStringLiteral("name"), r.name);
    const QString shownName = recordAtApex() && !domain.isEmpty() ? domain : r.name;
    w.string(QStringLiteral("type"), type);
    const QString value =
        attr("value") == QLatin1String("@") && !domain.isEmpty() ? domain : attr("value");
    // A record that pointed at a load balancer or a reserved IP moving with it points at the
    // new one: an alias to the load balancer, the Elastic IP's address.
    // Records that keep their values (MX, TXT, NS below the apex…) are copied as they are.
    if (!isSwitchedRecord(r)) {
        w.number(QStringLiteral("ttl"), attr("ttl"), QStringLiteral("300"));
        if (value.isEmpty())
            w.attribute(QStringLiteral("records"),
                        decide(QStringLiteral("records"), QStringLiteral("list(string)"),
                               QStringLiteral("The values of %1 (%2); the source record gave none")
                                   .arg(shownName, type)));
        else
            w.attribute(QStringLiteral("records"), HclWriter::list({q(value)}));
        return;
    }
    // A switched record serves the source's value until the runbook's switch step sets
    // <name>_switched; then what the source pointed at became: an alias to the new load
    // balancer, the Elastic IP's address, or the value the step gives.
    const QString switched = QStringLiteral("var.") + name + QStringLiteral("_switched");
    out->decisions.append(
        {name + QStringLiteral("_switched"), QStringLiteral("bool"),
         QStringLiteral("Whether %1 (%2) points at the migrated service: false until the "
                        "runbook's switch step sets it in terraform.tfvars")
             .arg(shownName, type),
         QStringLiteral("false")});
    out->decisions.append(
        {name + QStringLiteral("_ttl"), QStringLiteral("number"),
         QStringLiteral("TTL of %1 in seconds: 60 through the cutover; the runbook's cleanup sets "
                        "the source's%2 again")
             .arg(shownName,
                  attr("ttl").isEmpty() ? QString() : QStringLiteral(" (%1)").arg(attr("ttl"))),
         QStringLiteral("60")});
    const QString before =
        value.isEmpty() || value == QLatin1String("@")
            ? decide(QStringLiteral("records"), QStringLiteral("list(string)"),
                     QStringLiteral("What %1 (%2) points at until the cutover; the source record "
                                    "gave no usable value")
                         .arg(shownName, type))
            : HclWriter::list({q(value)});
    const QString owner = type == QLatin1String("A") ? out->ownerOfAddress(value) : QString();
    if (owner.startsWith(QLatin1String("aws_lb.")) || owner.startsWith(QLatin1String("aws_alb."))) {
        w.comment(QStringLiteral("The source pointed at %1, whose load balancer moves: once "
                                 "switched, an alias to the new one")
                      .arg(value));
        w.attribute(QStringLiteral("ttl"),
                    QStringLiteral("%1 ? null : var.%2_ttl").arg(switched, name));
        w.attribute(QStringLiteral("records"),
                    QStringLiteral("%1 ? null : %2").arg(switched, before));
        w.blank();
        w.block(QStringLiteral("dynamic"), {QStringLiteral("alias")});
        w.attribute(QStringLiteral("for_each"),
                    QStringLiteral("%1 ? [%2] : []").arg(switched, owner));
        w.block(QStringLiteral("content"));
        w.attribute(QStringLiteral("name"), QStringLiteral("alias.value.dns_name"));
        w.attribute(QStringLiteral("zone_id"), QStringLiteral("alias.value.zone_id"));
        w.attribute(QStringLiteral("evaluate_target_health"), QStringLiteral("true"));
        w.end();
        w.end();
        return;
    }
    w.attribute(QStringLiteral("ttl"), QStringLiteral("var.") + name + QStringLiteral("_ttl"));
    QString after;
    if (owner.startsWith(QLatin1String("aws_eip."))) {
        w.comment(QStringLiteral("The source pointed at reserved IP %1, which moves: once "
                                 "switched, its Elastic IP")
                      .arg(value));
        after = u'[' + owner + QStringLiteral(".public_ip]");
    } else {
        const QString v = name + QStringLiteral("_target");
        out->decisions.append(
            {v, QStringLiteral("list(string)"),
             QStringLiteral("What %1 (%2) points at once switched: the migrated service's "
                            "address (set by the runbook's switch step)")
                 .arg(shownName, type),
             QStringLiteral("null")});
        after = QStringLiteral("var.") + v;
    }
    w.attribute(QStringLiteral("records"),
                QStringLiteral("%1 ? %2 : %3").arg(switched, after, before));
}

} // namespace Ferry::TerraformExport
