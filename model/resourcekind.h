// SPDX-License-Identifier: MIT
#pragma once

#include "resource.h"

namespace Ferry {

/// What a resource is for, independent of provider; drives runbook steps, diagram shapes and
/// dependency kinds.
enum class ResourceCategory {
    Compute,      ///< droplet, EC2 instance
    Application,  ///< Heroku app, App Platform app, ECS service
    Kubernetes,   ///< DOKS, EKS
    Database,     ///< PostgreSQL / MySQL / MongoDB clusters, RDS, heroku-postgresql
    Cache,        ///< Redis / Valkey clusters, ElastiCache, heroku-redis
    Bucket,       ///< Spaces, S3
    Cdn,          ///< DigitalOcean CDN endpoint, CloudFront
    Volume,       ///< block storage
    LoadBalancer, ///< DO load balancer, ELB / ALB
    DnsZone,      ///< domain, Route 53 zone
    DnsRecord,    ///< domain record, Route 53 record
    Network,      ///< VPC, subnet, firewall, security group, gateways
    Address,      ///< floating / reserved IP, Elastic IP
    Grouping,     ///< DigitalOcean project, Heroku pipeline
    Other,
};

/// Category from a resource's Terraform type (and engine or add-on plan where the type alone
/// does not tell, e.g. a DigitalOcean database cluster running Redis).
ResourceCategory categoryOf(const Resource &r);
/// Category of a Terraform type alone (no attributes).
ResourceCategory categoryOfType(const QString &terraformType);
/// Short human label of a Terraform type: `digitalocean_droplet` → "Droplet",
/// `aws_db_instance` → "DB instance".
QString typeLabel(const QString &terraformType);

/// The engine a database or cache runs, lower case (`pg`, `mysql`, `mongodb`, `redis`, `redshift`
/// for a Redshift cluster…); for a server that runs one itself (`selfManaged`: a droplet mapped
/// onto a database service), guessed from its name, tags and image, PostgreSQL when nothing says
/// otherwise.
QString databaseEngine(const Resource &r, bool selfManaged);

/// True when `r`, mapped onto `targetService`, is a database or cache that a server of the
/// team's runs itself (a droplet or instance mapped onto RDS or ElastiCache).
bool isSelfManagedDatabase(const Resource &r, const QString &targetService);
/// The order of a Heroku app's process types (`heroku_formation`): `web` first, then by name.
bool herokuProcessTypeBefore(const Resource &a, const Resource &b);
/// "3 web dynos" from a process type's `quantity`; empty unless it is a count (digits only, so
/// that a non-empty answer's quantity can be written as a number).
QString herokuDynos(const Resource &processType);

/// The dependency kind implied by depending on a resource of category `to`.
DependencyKind dependencyKindTowards(ResourceCategory to);

} // namespace Ferry
