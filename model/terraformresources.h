// SPDX-License-Identifier: MIT
#pragma once

#include "firewallrules.h"
#include "landingzone.h"
#include "plan.h"

#include <QHash>
#include <QStringList>

namespace Ferry {

class HclWriter;

/// The resource blocks of one account folder's main.tf (used by TerraformExport::generate()).
namespace TerraformExport {

/// What one folder's resource blocks share and leave for the folder's other files.
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
        QString defaultValue; ///< empty: none; `null` for a block created only once it is set
    };
    QList<Decision> decisions;
    QStringList outputs; ///< "name|expression"
    /// Resource id → its block's address in this account's main.tf (`aws_instance.web`).
    QHash<QString, QString> addresses;
    /// Shared targets (isSharedTarget(): `aws_eks_cluster`) → the ids of every resource of the
    /// folder mapped onto it, in id order: one block absorbs them all, written for the first.
    QHash<QString, QStringList> sharedSources;
    /// The folder's network (network.tf), which blocks refer to for subnets and the VPC.
    LandingZone::Network network;
    const Plan *plan = nullptr;

    /// The addresses of the blocks of type `service` in this folder that `id` has a
    /// dependency with (either direction), in dependency order.
    QStringList related(const QString &id, const QString &service) const;
    /// The first of related(), or empty.
    QString firstRelated(const QString &id, const QString &service) const;
    /// The sources of this folder's blocks of Terraform type `type` (source type, not target
    /// service) that `id` has a dependency with, in dependency order.
    QList<const Resource *> relatedSources(const QString &id, const QString &type) const;
    /// The Heroku app of this folder a process type (`heroku_formation`) belongs to, or null.
    const Resource *herokuAppOf(const Resource &processType) const;
    /// The `web` process type of this folder's Heroku app `appId`, or null.
    const Resource *webProcessOf(const QString &appId) const;

    /// The address of the block of this folder whose source answered at IPv4 address `ip`
    /// (its `ipv4` attribute: a load balancer, a reserved IP), or empty.
    QString ownerOfAddress(const QString &ip) const;
    /// The addresses of the security groups of this folder that `id`'s target is a member
    /// of: those it has a dependency with other than as a firewall rule's source.
    QStringList memberGroups(const QString &id) const;
    /// The resources of the plan a firewall rule's source names: by type and native id
    /// (`provider_id`), or for a tag the droplets and DOKS clusters carrying it. Empty for an
    /// address or `self`.
    QList<const Resource *> resourcesNamedBy(const FirewallSource &source) const;
    /// The trusted sources of a database cluster: its `trusted_sources` and those of the
    /// digitalocean_database_firewall resources of the cluster (FirewallRules' text).
    QList<FirewallSource> trustedSources(const Resource &database) const;

private:
    mutable QHash<QString, QString> m_ipOwners; ///< source IPv4 → block address
    mutable bool m_ipOwnersBuilt = false;
    const QStringList &neighbours(const QString &id) const;
    mutable QHash<QString, QStringList> m_neighbours; ///< id → ids it has a dependency with
    mutable bool m_neighboursBuilt = false;
    mutable QHash<QString, QStringList> m_members; ///< id → groups it is a member of
    mutable bool m_membersBuilt = false;
    mutable QHash<QString, QList<const Resource *>> m_named; ///< "type\nnative id" → resources
    mutable bool m_namedBuilt = false;
    mutable QHash<QString, QStringList> m_databaseFirewalls; ///< cluster id → its firewalls
    mutable bool m_databaseFirewallsBuilt = false;
};

/// How a mapping's target service is written.
enum class Writer {
    Arguments,   ///< a block with the arguments the type needs
    LandingZone, ///< a comment: the landing zone (network.tf) provides it
    Skeleton,    ///< a commented-out block to fill in: Ferry does not write this type's arguments
};

/// How `service` is written; a mapped `aws_vpc` is written with its arguments (it may become
/// the landing zone's VPC, see LandingZone::Network::mappedVpc).
Writer writerFor(const QString &service);

/// Writes the block(s) of mapping `m` of resource `r` under the label `name` (an EKS cluster
/// also gets its IAM roles and a managed node group). Decisions, secrets and outputs go to `out`.
void writeResource(HclWriter &w, const Resource &r, const Mapping &m, const QString &name,
                   AccountOutput *out);

/// A resource kept where it runs (strategy retain) and the label of its import block.
struct Adopted
{
    const Resource *resource = nullptr;
    QString label;
};

/// True when `r` runs on AWS and its import kept its real id (`provider_id`): an `import`
/// block can adopt it.
bool isAdoptable(const Resource &r);

/// Writes `imports.tf`: an `import` block (Terraform ≥ 1.5) per resource whose import id is
/// its state's id, with the instructions to let `terraform plan -generate-config-out` write
/// their resource blocks from what AWS holds; a comment for the others.
void writeAdoption(HclWriter &w, const QList<Adopted> &resources);

} // namespace TerraformExport
} // namespace Ferry
