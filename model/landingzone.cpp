// SPDX-License-Identifier: MIT
#include "landingzone.h"

#include "hclwriter.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <optional>

namespace Ferry::LandingZone {

namespace {

const QString kLabel = QStringLiteral("landing_zone");

QString vpcAddress(const Network &n)
{
    return QStringLiteral("aws_vpc.") + (n.mappedVpc.isEmpty() ? kLabel : n.mappedVpc);
}

void writeTags(HclWriter &w, const QString &nameExpr, const QString &tier = QString())
{
    w.blank();
    w.object(QStringLiteral("tags"));
    w.attribute(QStringLiteral("Name"), nameExpr);
    if (!tier.isEmpty())
        w.string(QStringLiteral("Tier"), tier);
    w.end();
}

/// `"production-public-${local.azs[count.index]}"`: the folder is a slug ([a-z0-9-]).
QString perZoneName(const Network &n, const QString &tier)
{
    return QStringLiteral("\"%1-%2-${local.azs[count.index]}\"").arg(n.folder, tier);
}

void writeSubnets(HclWriter &w, const Network &n, const QString &tier, int firstNetNumber)
{
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_subnet"), tier});
    w.attribute(QStringLiteral("count"), QStringLiteral("length(local.azs)"));
    w.attribute(QStringLiteral("vpc_id"), vpcId(n));
    w.attribute(QStringLiteral("availability_zone"), QStringLiteral("local.azs[count.index]"));
    w.attribute(QStringLiteral("cidr_block"),
                QStringLiteral("cidrsubnet(%1.cidr_block, 4, count.index%2)")
                    .arg(vpcAddress(n),
                         firstNetNumber ? QStringLiteral(" + %1").arg(firstNetNumber) : QString()));
    if (tier == QLatin1String("public"))
        w.attribute(QStringLiteral("map_public_ip_on_launch"), QStringLiteral("false"));
    writeTags(w, perZoneName(n, tier), tier);
    w.end();
}

void writeRouteTable(HclWriter &w, const Network &n, const QString &tier, const QString &target,
                     const QString &targetExpr)
{
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_route_table"), tier});
    w.attribute(QStringLiteral("vpc_id"), vpcId(n));
    w.blank();
    w.block(QStringLiteral("route"));
    w.string(QStringLiteral("cidr_block"), QStringLiteral("0.0.0.0/0"));
    w.attribute(target, targetExpr);
    w.end();
    writeTags(w, HclWriter::quote(n.folder + u'-' + tier), tier);
    w.end();
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_route_table_association"), tier});
    w.attribute(QStringLiteral("count"), QStringLiteral("length(local.azs)"));
    w.attribute(QStringLiteral("subnet_id"),
                QStringLiteral("aws_subnet.%1[count.index].id").arg(tier));
    w.attribute(QStringLiteral("route_table_id"),
                QStringLiteral("aws_route_table.%1.id").arg(tier));
    w.end();
}

struct Cidr
{
    quint32 network = 0;
    int prefix = 0;
    quint32 mask() const { return prefix == 0 ? 0 : ~quint32(0) << (32 - prefix); }
};

/// `a.b.c.d/n` (IPv4; the model links Qt Core only, so no QHostAddress), or nothing.
std::optional<Cidr> parseCidr(const QString &text)
{
    static const QRegularExpression form(
        QStringLiteral("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$"));
    const QRegularExpressionMatch m = form.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    Cidr c;
    for (int i = 1; i <= 4; ++i) {
        const int octet = m.captured(i).toInt();
        if (octet > 255)
            return std::nullopt;
        c.network = (c.network << 8) | quint32(octet);
    }
    c.prefix = m.captured(5).toInt();
    if (c.prefix > 32)
        return std::nullopt;
    c.network &= c.mask();
    return c;
}

} // namespace

QStringList reservedLabels()
{
    return {kLabel,
            QStringLiteral("public"),
            QStringLiteral("private"),
            QStringLiteral("nat"),
            QStringLiteral("available"),
            QStringLiteral("vpc_cidr")};
}

bool overlaps(const QString &a, const QString &b)
{
    const auto x = parseCidr(a);
    const auto y = parseCidr(b);
    if (!x || !y)
        return false;
    // Two prefixes overlap when the shorter one contains the other's network address.
    const quint32 mask = x->prefix <= y->prefix ? x->mask() : y->mask();
    return (x->network & mask) == (y->network & mask);
}

QString defaultCidr(const QString &accountId, const QStringList &taken)
{
    constexpr int first = 64, count = 256 - first;
    const QByteArray hash = QCryptographicHash::hash(accountId.toUtf8(), QCryptographicHash::Sha1);
    const int start = ((quint8(hash[0]) << 8) | quint8(hash[1])) % count;
    for (int i = 0; i < count; ++i) {
        const QString candidate = QStringLiteral("10.%1.0.0/16").arg(first + (start + i) % count);
        bool free = true;
        for (const QString &t : taken)
            free = free && !overlaps(candidate, t);
        if (free)
            return candidate;
    }
    return QString();
}

QString vpcId(const Network &n)
{
    return vpcAddress(n) + QStringLiteral(".id");
}
QString privateSubnetIds()
{
    return QStringLiteral("aws_subnet.private[*].id");
}
QString publicSubnetIds()
{
    return QStringLiteral("aws_subnet.public[*].id");
}
QString firstPrivateSubnetId()
{
    return QStringLiteral("aws_subnet.private[0].id");
}
QString firstPrivateSubnetZone()
{
    return QStringLiteral("aws_subnet.private[0].availability_zone");
}
QString dbSubnetGroupName()
{
    return QStringLiteral("aws_db_subnet_group.landing_zone.name");
}
QString cacheSubnetGroupName()
{
    return QStringLiteral("aws_elasticache_subnet_group.landing_zone.name");
}
QString redshiftSubnetGroupName()
{
    return QStringLiteral("aws_redshift_subnet_group.landing_zone.name");
}
QString ecsClusterId()
{
    return QStringLiteral("aws_ecs_cluster.landing_zone.id");
}

void write(HclWriter &w, const Network &n)
{
    w.comment(QStringLiteral("The account's network landing zone: a public and a private subnet "
                             "in each of two"));
    w.comment(QStringLiteral("availability zones, and one NAT gateway for the private subnets' "
                             "egress (add one per"));
    w.comment(QStringLiteral("zone where egress must survive the loss of a zone)."));
    w.blank();
    w.block(QStringLiteral("data"),
            {QStringLiteral("aws_availability_zones"), QStringLiteral("available")});
    w.string(QStringLiteral("state"), QStringLiteral("available"));
    w.end();
    w.blank();
    w.block(QStringLiteral("locals"));
    w.attribute(QStringLiteral("azs"),
                QStringLiteral("slice(data.aws_availability_zones.available.names, 0, 2)"));
    w.end();
    if (n.mappedVpc.isEmpty()) {
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_vpc"), kLabel});
        w.attribute(QStringLiteral("cidr_block"), QStringLiteral("var.vpc_cidr"));
        w.attribute(QStringLiteral("enable_dns_support"), QStringLiteral("true"));
        w.attribute(QStringLiteral("enable_dns_hostnames"), QStringLiteral("true"));
        writeTags(w, HclWriter::quote(n.folder));
        w.end();
    }
    writeSubnets(w, n, QStringLiteral("public"), 0);
    writeSubnets(w, n, QStringLiteral("private"), 8);
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_internet_gateway"), kLabel});
    w.attribute(QStringLiteral("vpc_id"), vpcId(n));
    writeTags(w, HclWriter::quote(n.folder));
    w.end();
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_eip"), QStringLiteral("nat")});
    w.string(QStringLiteral("domain"), QStringLiteral("vpc"));
    writeTags(w, HclWriter::quote(n.folder + QStringLiteral("-nat")));
    w.end();
    w.blank();
    w.block(QStringLiteral("resource"), {QStringLiteral("aws_nat_gateway"), kLabel});
    w.attribute(QStringLiteral("allocation_id"), QStringLiteral("aws_eip.nat.id"));
    w.attribute(QStringLiteral("subnet_id"), QStringLiteral("aws_subnet.public[0].id"));
    writeTags(w, HclWriter::quote(n.folder));
    w.blank();
    w.attribute(QStringLiteral("depends_on"),
                QStringLiteral("[aws_internet_gateway.landing_zone]"));
    w.end();
    writeRouteTable(w, n, QStringLiteral("public"), QStringLiteral("gateway_id"),
                    QStringLiteral("aws_internet_gateway.landing_zone.id"));
    writeRouteTable(w, n, QStringLiteral("private"), QStringLiteral("nat_gateway_id"),
                    QStringLiteral("aws_nat_gateway.landing_zone.id"));
    if (n.dbSubnetGroup) {
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_db_subnet_group"), kLabel});
        w.string(QStringLiteral("name"), n.folder + QStringLiteral("-databases"));
        w.attribute(QStringLiteral("subnet_ids"), privateSubnetIds());
        writeTags(w, HclWriter::quote(n.folder + QStringLiteral("-databases")));
        w.end();
    }
    if (n.cacheSubnetGroup) {
        w.blank();
        w.block(QStringLiteral("resource"),
                {QStringLiteral("aws_elasticache_subnet_group"), kLabel});
        w.string(QStringLiteral("name"), n.folder + QStringLiteral("-caches"));
        w.attribute(QStringLiteral("subnet_ids"), privateSubnetIds());
        w.end();
    }
    if (n.redshiftSubnetGroup) {
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_redshift_subnet_group"), kLabel});
        w.string(QStringLiteral("name"), n.folder + QStringLiteral("-warehouses"));
        w.attribute(QStringLiteral("subnet_ids"), privateSubnetIds());
        writeTags(w, HclWriter::quote(n.folder + QStringLiteral("-warehouses")));
        w.end();
    }
    if (n.ecsCluster) {
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_ecs_cluster"), kLabel});
        w.string(QStringLiteral("name"), n.folder);
        w.end();
    }
}

} // namespace Ferry::LandingZone
