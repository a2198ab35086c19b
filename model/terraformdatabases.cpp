// SPDX-License-Identifier: MIT
// The ResourceWriter's databases and caches: RDS instances, ElastiCache clusters and
// replication groups, Redshift clusters.
#include "landingzone.h"
#include "resourcekind.h"
#include "terraformresourcewriter.h"

namespace Ferry::TerraformExport {

// What a database's block ends with: its security groups, a final snapshot when it is deleted,
// and the outputs the runbook reads (`<label>_endpoint`, `<label>_identifier` from the block's
// `identifierAttribute`).
void ResourceWriter::groupsFinalSnapshotAndOutputs(const QString &identifierAttribute)
{
    securityGroups(QStringLiteral("vpc_security_group_ids"));
    w.attribute(QStringLiteral("skip_final_snapshot"), QStringLiteral("false"));
    w.string(QStringLiteral("final_snapshot_identifier"),
             hyphenName(r.name, 40) + QStringLiteral("-final"));
    out->outputs.append(name + QStringLiteral("_endpoint|") +
                        reference(QStringLiteral("endpoint")));
    out->outputs.append(name + QStringLiteral("_identifier|") + reference(identifierAttribute));
}

void ResourceWriter::dbInstance()
{
    const QString pw = name + QStringLiteral("_password");
    out->sensitiveVariables.append(pw);
    out->network.dbSubnetGroup = true;
    w.string(QStringLiteral("identifier"), hyphenName(r.name, 63));
    // An RDS instance relocated from another account is restored from its shared snapshot
    // (the runbook's snapshot-and-share and restore-snapshot steps): engine, version and
    // master user come from the snapshot.
    const bool fromSnapshot =
        m.strategy == Strategy::Relocate && r.type == QLatin1String("aws_db_instance");
    if (fromSnapshot) {
        w.attribute(QStringLiteral("snapshot_identifier"),
                    snapshotVariable(QStringLiteral("ARN of the snapshot of %1 shared with this "
                                                    "account at the cutover (runbook: "
                                                    "restore-snapshot, which keeps it in "
                                                    "terraform.tfvars); null until then: no "
                                                    "instance")
                                         .arg(r.id)));
    } else if (engineFor(r).isEmpty()) {
        todo(QStringLiteral("engine"), q(QStringLiteral("postgres")),
             QStringLiteral("choose the engine (the source does not say)"));
    } else {
        w.string(QStringLiteral("engine"), engineFor(r));
    }
    if (!fromSnapshot && !attr("version").isEmpty())
        engineVersion(engineFor(r), QStringLiteral("RDS"), attr("version"));
    sized(QStringLiteral("instance_class"), QStringLiteral("db.t3.medium"),
          QStringLiteral("the instance class"));
    todo(QStringLiteral("allocated_storage"),
         HclWriter::isNumber(attr("disk_gb")) ? attr("disk_gb") : QStringLiteral("20"),
         QStringLiteral("confirm the storage in GiB"));
    w.attribute(QStringLiteral("storage_encrypted"), QStringLiteral("true"));
    if (!fromSnapshot)
        todo(QStringLiteral("username"), q(QStringLiteral("ferry_admin")),
             QStringLiteral("choose the master user name"));
    w.attribute(QStringLiteral("password"), QStringLiteral("var.") + pw);
    w.attribute(QStringLiteral("db_subnet_group_name"), LandingZone::dbSubnetGroupName());
    groupsFinalSnapshotAndOutputs(QStringLiteral("identifier"));
}

void ResourceWriter::cache(bool replicationGroup)
{
    out->network.cacheSubnetGroup = true;
    if (replicationGroup) {
        w.string(QStringLiteral("replication_group_id"), hyphenName(r.name, 40));
        w.string(QStringLiteral("description"), QStringLiteral("Migrated from ") + r.id);
    } else {
        w.string(QStringLiteral("cluster_id"), hyphenName(r.name, 50));
    }
    w.string(QStringLiteral("engine"), QStringLiteral("redis"));
    sized(QStringLiteral("node_type"), QStringLiteral("cache.t3.medium"),
          QStringLiteral("the node type"));
    if (replicationGroup) {
        w.number(QStringLiteral("num_cache_clusters"), attr("node_count"), QStringLiteral("1"));
        w.attribute(QStringLiteral("transit_encryption_enabled"), QStringLiteral("true"));
        securityGroups(QStringLiteral("security_group_ids"));
    } else {
        w.attribute(QStringLiteral("num_cache_nodes"), QStringLiteral("1"));
        securityGroups(QStringLiteral("security_group_ids"));
    }
    w.attribute(QStringLiteral("subnet_group_name"), LandingZone::cacheSubnetGroupName());
    // The address the runbook copies the data to (reachable only from inside the VPC).
    out->outputs.append(name + QStringLiteral("_endpoint|") + svc + u'.' + name +
                        (replicationGroup ? QStringLiteral(".primary_endpoint_address")
                                          : QStringLiteral(".cache_nodes[0].address")));
}

// A Redshift cluster (hashicorp/aws aws_redshift_cluster). From a source cluster, whatever the
// strategy, it is restored from the cluster snapshot shared with this account (the runbook's
// snapshot-and-share and restore-snapshot steps): database, master user and data come from the
// snapshot. Otherwise (another service's resource mapped onto Redshift) a new, empty cluster
// whose master password Redshift keeps in Secrets Manager.
void ResourceWriter::redshiftCluster()
{
    out->network.redshiftSubnetGroup = true;
    // Lower-case letters, digits and hyphens, at most 63, starting with a letter.
    w.string(QStringLiteral("cluster_identifier"), hyphenName(r.name, 63));
    if (restoredAtCutover()) {
        w.attribute(QStringLiteral("snapshot_identifier"),
                    snapshotVariable(QStringLiteral("Identifier of the cluster snapshot of %1 "
                                                    "shared with this account at the cutover "
                                                    "(runbook: restore-snapshot, which keeps it "
                                                    "in terraform.tfvars); null until then: no "
                                                    "cluster")
                                         .arg(r.id)));
        const QString owner = name + QStringLiteral("_snapshot_owner");
        out->decisions.append({owner, QStringLiteral("string"),
                               QStringLiteral("Id of the account that owns the snapshot of %1 "
                                              "(the source account; runbook: restore-snapshot)")
                                   .arg(r.id),
                               QStringLiteral("null")});
        w.attribute(QStringLiteral("owner_account"), QStringLiteral("var.") + owner);
    }
    // The source's node type (a snapshot restores onto it), else a TODO.
    sized(QStringLiteral("node_type"), QStringLiteral("ra3.xlplus"),
          QStringLiteral("the node type"));
    const QString nodes =
        HclWriter::isNumber(attr("node_count")) ? attr("node_count") : QStringLiteral("1");
    w.string(QStringLiteral("cluster_type"), nodes == QLatin1String("1")
                                                 ? QStringLiteral("single-node")
                                                 : QStringLiteral("multi-node"));
    if (nodes != QLatin1String("1"))
        w.attribute(QStringLiteral("number_of_nodes"), nodes);
    if (!restoredAtCutover()) {
        todo(QStringLiteral("master_username"), q(QStringLiteral("ferry_admin")),
             QStringLiteral("choose the master user name"));
        w.comment(QStringLiteral("Redshift keeps the master password in Secrets Manager: it never "
                                 "enters this folder or its state."));
        w.attribute(QStringLiteral("manage_master_password"), QStringLiteral("true"));
        w.string(QStringLiteral("database_name"), QStringLiteral("dev"));
    }
    w.attribute(QStringLiteral("encrypted"), QStringLiteral("true"));
    w.attribute(QStringLiteral("publicly_accessible"), QStringLiteral("false"));
    w.attribute(QStringLiteral("cluster_subnet_group_name"),
                LandingZone::redshiftSubnetGroupName());
    groupsFinalSnapshotAndOutputs(QStringLiteral("cluster_identifier"));
}

} // namespace Ferry::TerraformExport
