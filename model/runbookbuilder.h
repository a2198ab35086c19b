// SPDX-License-Identifier: MIT
#pragma once

// Internal to the runbook generator (runbookgenerator.cpp, runbookbuilder.cpp,
// runbooktemplates.cpp): not part of ferry_model's interface.

#include "plan.h"
#include "resourcekind.h"
#include "runbook.h"

#include <QHash>

#include <array>
#include <vector>

namespace Ferry::RunbookGenerator {

/// What a resource's data needs to reach its target, from the pair of what it is and what it
/// becomes (docs/runbook.md, "Steps per kind").
enum class DataMove {
    None,             ///< nothing held that must be copied (compute, networks, load balancers)
    PostgresLogical,  ///< logical replication (publication on the source, subscription on the
                      ///< target)
    PostgresDump,     ///< pg_dump / pg_restore in a maintenance window (e.g. Heroku: no superuser)
    MySqlDump,        ///< mysqldump --single-transaction / mysql in a maintenance window
    MongoDump,        ///< mongodump / mongorestore in a maintenance window
    Redis,            ///< a Redis: rebuilt by the application, or copied as an RDB snapshot
    Objects,          ///< a bucket: synced (rclone), object counts compared
    VolumeSync,       ///< a volume's files: rsync to the target's volume, final pass at cutover
    VolumeSnapshot,   ///< an EBS volume: snapshot shared with the target account
    RdsSnapshot,      ///< an RDS instance relocated to another account: snapshot shared, restored
    RedshiftSnapshot, ///< a Redshift cluster relocated to another account: the same
};

/// The resource-level facts the templates need.
struct Subject
{
    const Resource *resource = nullptr;
    const Mapping *mapping = nullptr;
    ResourceCategory category = ResourceCategory::Other;
    DataMove data = DataMove::None;
    bool selfManaged = false; ///< a database or cache running on a server the team manages
    QString accountName;
};

/// Where in a wave a step runs. The cutover is four stages, each opened by a milestone once
/// the one before has ended everywhere: writers stopped, data moved, targets started, then —
/// after the point of no return — traffic switched.
enum class Stage { WeekBefore, DayBefore, Stop, Data, Start, Switch, Verification, Cleanup };

/// Collects the steps of one wave. The steps one chain key (a resource id) adds in one stage
/// form a chain, each after the one before; every chain starts after the stage's opening step.
class Builder
{
public:
    Builder(const Plan &plan, Runbook *out, int wave);

    const Plan &plan() const { return m_plan; }
    int wave() const { return m_wave; }
    /// `wave-N`, the subject of the wave's own steps.
    const QString &waveSubject() const { return m_waveSubject; }
    /// The id of the opening step of `stage` (it exists once finish() has run).
    const QString &opening(Stage stage) const { return m_openings[size_t(stage)]; }
    /// Ids of the checks of `kind` on the target side of resource `id` that the plan has or
    /// `ferry check --generate` would make, sorted (for gates).
    QStringList checks(const QString &id, CheckKind kind) const;
    /// Sets the index checks() reads: resource id → its checks (kind, id).
    void setCheckIndex(const QHash<QString, QList<std::pair<CheckKind, QString>>> *index)
    {
        m_checkIndex = index;
    }

    /// Where the Terraform export writes an account's targets: its folder and each source's
    /// block label (resource id → label), which the runbook names outputs and variables by.
    struct TerraformNames
    {
        QString folder;
        QHash<QString, QString> labels;
        /// An AWS account's moved addresses: a source's IPv4 address → the service it became
        /// there (`aws_lb`, `aws_eip`), which the export's A records follow once switched.
        QHash<QString, QString> addressOwners;
    };
    /// The TerraformNames of `account` (TerraformExport::accountFolders(), then awsLabels() or,
    /// for a DigitalOcean team, digitalOceanLabels()), worked out once per account: a wave asks
    /// for every data store and app it moves.
    const TerraformNames &terraformNames(const QString &account) const;

    /// Adds step `<phase>/<action>/<subject>` to the chain `chain` of `stage` (an empty chain:
    /// a chain of its own). Returns the new step, to be filled in.
    RunbookStep &add(Stage stage, const QString &action, const QString &subject,
                     const QString &chain, const QString &title);
    /// Adds the rollback step `rollback/<action>/<subject of forwardId>` that undoes `forwardId`.
    RunbookStep &addRollback(const QString &forwardId, const QString &action, const QString &title);
    /// Takes over the steps and chains of `other`, a builder of the same wave that added the
    /// steps of other resources into a runbook of its own (built at the same time on another
    /// thread); `other` is left empty. The steps keep their addresses.
    void absorb(Builder &other);
    /// Adds the wave's own steps (openings, milestones, go/no-go, monitoring) and orders the
    /// rollback steps as the inverse of the cutover. `after` are the steps the wave waits for.
    void finish(const QStringList &after);

private:
    /// The steps one chain key added in one stage, first to last (nodes of the runbook's map,
    /// which stay where they are while steps are added).
    using Chain = std::vector<RunbookStep *>;
    static constexpr size_t StageCount = size_t(Stage::Cleanup) + 1;

    /// Inserts `step` (replacing a step of the same id). `action`, when given, names the
    /// step's kind of action within its phase: steps of one action are added in id order (the
    /// resources come in id order), so each goes in right after the one before.
    RunbookStep &insert(RunbookStep step, const QString &action = QString());
    /// The step `id`, added by this builder or before it (the last one added is found at once).
    RunbookStep &stepById(const QString &id);

    const Plan &m_plan;
    Runbook *m_out;
    int m_wave;
    QString m_waveSubject;
    std::array<QString, StageCount> m_openings;
    std::array<std::vector<Chain>, StageCount> m_chains; ///< by stage, in order added
    /// Per chain key (a resource id), the index of its chain in m_chains of each stage, or -1.
    std::vector<std::array<int, StageCount>> m_chainSlots;
    QHash<QString, int> m_chainSlotOf;                      ///< chain key → index in m_chainSlots
    RunbookStep *m_last = nullptr;                          ///< the step added last
    QHash<const RunbookStep *, RunbookStep *> m_rollbackOf; ///< forward step → its inverse
    /// (phase, action) → the step of that action added last, where the next one goes after it.
    QHash<std::pair<int, QString>, std::map<QString, RunbookStep>::iterator> m_lastOfAction;
    QString m_lastChain; ///< the chain key add() looked up last, its slot and its mapping
    int m_lastChainSlot = -1;
    const Mapping *m_lastMapping = nullptr;
    const QHash<QString, QList<std::pair<CheckKind, QString>>> *m_checkIndex = nullptr;
    mutable QHash<QString, QString> m_folders;               ///< terraformNames()' folders
    mutable QHash<QString, TerraformNames> m_terraformNames; ///< account → its names
};

/// The steps of `parts` in one map, moved, in id order: each part is already sorted, so each
/// step costs a few comparisons. Where two parts have a step of the same id (a shared target two
/// waves use), the earlier part keeps it: the first wave that needs the cluster creates it. The
/// steps kept keep their addresses.
std::map<QString, RunbookStep>
mergeInIdOrder(const std::vector<std::map<QString, RunbookStep> *> &parts);

/// Adds the steps of one mapped resource in every phase (runbooktemplates.cpp).
void addResourceSteps(Builder &b, const Subject &s);
/// Adds the consolidated target of several resources (one EKS cluster for seven droplets).
void addSharedTarget(Builder &b, const QString &account, const QString &service,
                     const QList<const Subject *> &sources);
/// The data move of a resource mapped by `m`.
DataMove dataMoveOf(const Resource &r, const Mapping &m, bool *selfManaged);
/// True for a target service several sources share (a cluster: EKS, ECS, Kubernetes).
bool isSharedTarget(const QString &service);

/// A DNS record's full name (`www.example.com`), empty when the import did not name its domain
/// and the record is the apex (`@`).
QString fqdnOf(const Resource &r);
/// `Type name` as plain text, for titles.
QString plainLabel(const Resource &r);
/// `` Type `name` `` as Markdown, for instructions.
QString markdownLabel(const Resource &r);

// Helpers of the step templates (runbookdatasteps.cpp, runbookstoresteps.cpp,
// runbookservicesteps.cpp).

/// `s` as a Markdown code span.
QString code(const QString &s);
/// `s` as one shell word.
QString sh(const QString &s);
/// A blank line, then `lines` as a fenced `sh` code block.
QString commands(const QString &lines);
/// A source attribute (empty when absent).
QString attr(const Resource &r, const char *name);
/// The target as Markdown: `` `aws_db_instance` in account `production` ``.
QString targetText(const Subject &s);
/// The target as plain text: "DB instance in production".
QString targetPlain(const Subject &s);
/// Makes `step` a gate on `checks`.
void gate(RunbookStep &step, const QStringList &checks);
/// Adds the steps of a database, cache, bucket or volume by its data move.
void addDataSteps(Builder &b, const Subject &s);
/// The Heroku app an add-on belongs to: its `app` attribute, else the app of the import's data
/// dependency app → add-on; `APP` where neither names one.
QString herokuAppOf(const Plan &plan, const Resource &r);
/// Shell lines that let this machine into the DigitalOcean team's cluster `s` maps onto and set
/// `TARGET_URL` to its public URI, both from the folder's outputs.
QString openDigitalOceanCluster(const Builder &b, const Subject &s);
/// `$(terraform -chdir=FOLDER output -raw LABEL_<suffix>)`: an output of the AWS account's
/// folder that `s` maps into, named by the export's label for its source
/// (TerraformExport::awsLabels()).
QString awsOutput(const Builder &b, const Subject &s, const QString &suffix);
/// A shell line that sets `TARGET_ACCOUNT_ID` to the id of the account `s` maps into: the plan's
/// (an account that exists), else the organization folder's `account_ids` output.
QString targetAccountIdLine(const Builder &b, const Subject &s);
/// A shell line that sets `SOURCE_ACCOUNT_ID` to the caller's account, run with the source
/// account's credentials.
QString sourceAccountIdLine();
/// The steps of a cache (DataMove::Redis): decide and rehearse, copy with RIOT, compare.
void addRedis(Builder &b, const Subject &s);
/// The steps of a bucket (DataMove::Objects): initial sync, re-sync, final sync, compare.
void addObjects(Builder &b, const Subject &s);
/// The steps of an A, AAAA or CNAME record: TTL lowered, switched, verified, TTL raised
/// (runbookdnssteps.cpp).
void addRecord(Builder &b, const Subject &s);
/// The steps of a DNS zone: copied with every record and delegated the week before.
void addZone(Builder &b, const Subject &s);
/// The steps of a mapping's further targets (Mapping::alsoServices) that data moves into, in an
/// AWS account: a server's files copied into the `aws_s3_bucket` it also becomes.
void addAlsoTargets(Builder &b, const Subject &s);
/// The steps of a volume (DataMove::VolumeSync or VolumeSnapshot).
void addVolume(Builder &b, const Subject &s);
/// The steps of an ECR repository moved to another account: replication, a copy of the tagged
/// images, a compare of tags and digests, the rule removed at cleanup.
void addImages(Builder &b, const Subject &s);
/// The steps of a CodeCommit repository moved to another account: a mirror pushed the week
/// before, the day before and in the window, then every ref compared.
void addRepository(Builder &b, const Subject &s);

} // namespace Ferry::RunbookGenerator
