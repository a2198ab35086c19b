// SPDX-License-Identifier: MIT
#pragma once

#include "check.h"
#include "inventory.h"
#include "mapping.h"
#include "organization.h"
#include "runbook.h"

#include <QDate>

#include <map>
#include <optional>

namespace Ferry {

/// The plan document: the inventory of source resources and their dependencies, the target
/// organization, and the mapping of resources to accounts.
///
/// A plain value class with no signals: the GUI's PlanDocument wraps one and changes it only
/// through undo commands; the command line changes it directly. Everything is keyed by stable
/// ids and kept sorted, so a saved plan is deterministic.
class Plan
{
public:
    /// An empty plan named "Untitled plan" with the default organization layout.
    Plan();

    QString name;
    QDate created; ///< date the plan was started (shown in the runbook)
    Organization organization;
    Inventory inventory;
    std::map<QString, Mapping> mappings; ///< resource id → mapping; unmapped resources absent
    std::map<QString, Check> checks;     ///< check id → check (connection checks, issue #3)
    /// The runbook as edited (issue #13); absent until a user edits or saves one, in which case
    /// RunbookGenerator::forPlan() generates it from the mappings.
    std::optional<Runbook> runbook;

    /// Resource by id, nullptr when unknown.
    const Resource *resource(const QString &id) const;
    /// The mapping of a resource, or nullptr when it is unmapped.
    const Mapping *mapping(const QString &resourceId) const;
    /// Sets (or replaces) a mapping, its `alsoServices` without its own service; ignored when
    /// the resource is unknown.
    void setMapping(const Mapping &m);
    /// Removes the mapping of a resource (no-op when unmapped).
    void unmap(const QString &resourceId);
    /// Ids of resources with no mapping, sorted.
    QStringList unmappedResources() const;
    /// Ids of resources mapped to `accountId`, sorted.
    QStringList resourcesInAccount(const QString &accountId) const;

    /// Merges an import into the plan: new resources are added, known ids are updated in place
    /// (their mappings kept), dependencies from the re-imported resources are replaced by the new
    /// ones. Fills `report->added/updated/unchanged/dependencies`.
    void applyImport(Inventory imported, ImportReport *report);

    bool operator==(const Plan &) const = default;
};

/// Connection checks that follow from the inventory, with ids that are stable across runs:
/// for each load balancer with a public IPv4, a TCP check per entry port (`tcp:IP:PORT`); for
/// each domain, a DNS A check and a TLS check on port 443 (`dns:NAME:A`, `tls:NAME:443`); for
/// each A record, a DNS check that expects the record's value; for each PostgreSQL database
/// whose host the import found, a login check (`postgres:NAME:source`, `sslmode=require`). Where
/// a mapping has its target `endpoint`, the target side too: TCP per load-balancer port on it;
/// for a database, a login (`postgres:NAME:target`, user ferry_admin, `sslmode=verify-full`) and,
/// with a known source, per application database (applicationDatabases()) a data check
/// (`data:NAME:DB`, timeout 3600 s) and a replication check (`replication:NAME:DB`, waiting up
/// to 600 s to catch up) — `data:NAME` and `replication:NAME` when the server's default database
/// is the only one. A droplet running PostgreSQL itself and mapped onto a database service gets
/// the same, reached on its public IPv4 and port 5432. The caller adds those not in the plan
/// yet.
QList<Check> generateChecks(const Plan &plan);

/// The application databases of database `r` under mapping `m` (may be null): the mapping's
/// `databases` when it names some; else the source's own list (its `databases` attribute)
/// without the servers' own (`defaultdb`, `postgres`, `_dodb`, `template0`, `template1`);
/// else the server's default database (`defaultdb` on DigitalOcean, `postgres` elsewhere).
/// Sorted, never empty.
QStringList applicationDatabases(const Resource &r, const Mapping *m);

/// The name of the subscription (and so of its replication slot, and the slot a replication
/// check reads) that logically replicates database `database`, one of `databases`:
/// `ferry_migration` when it is the only one; else `ferry_migration_<database>` with every
/// character but a–z, 0–9 and `_` lowered or replaced by `_`, at most 63 characters (the
/// server's limit on names), `_2`, `_3`… where two databases would share a name. Slots belong
/// to the whole server, so each database needs its own.
QString logicalReplicationName(const QString &database, const QStringList &databases);

} // namespace Ferry
