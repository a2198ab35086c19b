// SPDX-License-Identifier: MIT
#pragma once

#include "importer.h"

#include <QStringList>

namespace Ferry {

/// Imports the JSON the AWS CLI prints (`--output json`, the API's response shapes as the AWS
/// API reference defines them): `ec2 describe-instances` (`Reservations[].Instances[]`),
/// `describe-vpcs`, `describe-subnets`, `describe-security-groups` (their `IpPermissions` as the
/// plan's `inbound_rules`), `rds describe-db-instances`, `elbv2 describe-load-balancers`, classic
/// `elb describe-load-balancers`, `s3api list-buckets`, `elasticache describe-cache-clusters`,
/// `ecr describe-repositories` and `redshift describe-clusters`; several in one file too.
///
/// Resources get the Terraform type of what they are (`aws_instance`, `aws_db_instance`, `aws_lb`,
/// `aws_elb`…), so mappings, sizes, exports and the adoption of what stays (`provider_id`, the
/// Terraform import id) treat them as resources from a state. Ids are the resource's ARN where
/// the output has one (`aws:arn:aws:rds:…`), else `aws:<kind>:<the CLI's id>`
/// (`aws:instance:i-0abc…`, `aws:vpc:vpc-…`, `aws:s3:bucket`). Names come from the `Name` tag,
/// else the identifier. Dependencies: each resource's VPC and subnet (membership), security
/// groups (network), a classic load balancer's instances, a group's rules naming other groups.
/// Secrets the output may hold (a DB's master user name is not one; no password is printed) are
/// never read: only the fields above.
class AwsCliImporter : public Importer
{
public:
    QString formatId() const override { return QStringLiteral("aws"); }
    QString nameFilter() const override;
    QString expectedContent() const override
    {
        return QStringLiteral(
            "AWS CLI JSON (Reservations, Vpcs, Subnets, SecurityGroups, DBInstances, "
            "LoadBalancers, LoadBalancerDescriptions, Buckets, CacheClusters, repositories, "
            "Clusters)");
    }
    bool canRead(const QByteArray &head, const QString &fileName) const override;
    bool read(const QString &path, Inventory *out, ImportReport *report, FileError *error,
              ImportProgress *progress = nullptr) const override;
    /// Reads the outputs together: an instance in one file finds its VPC in another.
    bool readFiles(const QStringList &paths, Inventory *out, ImportReport *report, FileError *error,
                   ImportProgress *progress = nullptr) const override;

    /// The top-level keys of the outputs read, one per command.
    static QStringList responseKeys();
};

} // namespace Ferry
