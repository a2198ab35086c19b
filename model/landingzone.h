// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

namespace Ferry {

class HclWriter;

/// The network landing zone of one account's Terraform folder (`network.tf`): a VPC, a public
/// and a private subnet in each of two availability zones, an internet gateway, one NAT
/// gateway, route tables, and the DB and ElastiCache subnet groups where the folder has
/// databases or caches. Resource blocks refer to it through the expressions below instead of
/// leaving a subnet or VPC to fill in.
namespace LandingZone {

/// Labels the landing zone's blocks use; the folder's resource labels must avoid them.
QStringList reservedLabels();

/// What one folder's landing zone holds.
struct Network
{
    /// Slug of the folder (`production`), used in Name tags and group names.
    QString folder;
    /// Label of a mapped `aws_vpc` block of the folder that is the landing zone's VPC (the
    /// source's VPC moved), or empty: network.tf then declares `aws_vpc.landing_zone` with the
    /// CIDR of `var.vpc_cidr`.
    QString mappedVpc;
    /// Default of `var.vpc_cidr` (`10.93.0.0/16`); empty when none is free (no default).
    QString defaultCidr;
    bool dbSubnetGroup = false;       ///< an `aws_db_subnet_group` for the folder's RDS instances
    bool cacheSubnetGroup = false;    ///< an `aws_elasticache_subnet_group` for its caches
    bool redshiftSubnetGroup = false; ///< an `aws_redshift_subnet_group` for its Redshift clusters
    bool ecsCluster = false;          ///< an `aws_ecs_cluster` for its ECS services
};

/// A /16 in 10.64.0.0–10.255.0.0 for the account with id `accountId`, stable across exports:
/// chosen by a hash of the id, moving on to the next /16 while it overlaps one of `taken` (the
/// CIDRs of other accounts and of every network in the inventory, `a.b.c.d/n`). Empty when
/// every candidate is taken.
QString defaultCidr(const QString &accountId, const QStringList &taken);

/// True when the IPv4 CIDRs `a` and `b` (`10.1.0.0/16`) overlap; false when either is not one.
bool overlaps(const QString &a, const QString &b);

/// Writes network.tf's blocks for `network`.
void write(HclWriter &w, const Network &network);

/// Expressions for the blocks that use the landing zone.
QString vpcId(const Network &network); ///< `aws_vpc.landing_zone.id`
QString privateSubnetIds();            ///< `aws_subnet.private[*].id`
QString publicSubnetIds();             ///< `aws_subnet.public[*].id`
QString firstPrivateSubnetId();        ///< `aws_subnet.private[0].id`
QString firstPrivateSubnetZone();      ///< `aws_subnet.private[0].availability_zone`
QString dbSubnetGroupName();           ///< `aws_db_subnet_group.landing_zone.name`
QString cacheSubnetGroupName();        ///< `aws_elasticache_subnet_group.landing_zone.name`
QString redshiftSubnetGroupName();     ///< `aws_redshift_subnet_group.landing_zone.name`
QString ecsClusterId();                ///< `aws_ecs_cluster.landing_zone.id`

} // namespace LandingZone
} // namespace Ferry
