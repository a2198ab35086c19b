// SPDX-License-Identifier: MIT
// The steps of databases (logical replication, dump and restore, snapshots) and the dispatch of
// every data move (caches, buckets and volumes are in runbookstoresteps.cpp), chosen by the pair
// of what the resource is and what it becomes (docs/runbook.md, "Steps per kind"). Names reach
// titles as plain text, instructions as Markdown code and commands as shell words.
#include "engineversions.h"
#include "escaping.h"
#include "runbookbuilder.h"

#include <QRegularExpression>

namespace Ferry::RunbookGenerator {

namespace {

bool isHerokuPostgres(const Resource &r)
{
    return r.type == QLatin1String("heroku_addon") &&
           attr(r, "plan").startsWith(QLatin1String("heroku-postgresql"));
}

// --- Databases --------------------------------------------------------------------------------

/// How the commands of a logical replication name one application database: its connections
/// as shell words and its subscription (= slot) name.
struct ReplicatedDatabase
{
    QString name;
    QString subscription; ///< logicalReplicationName()
    QString source;       ///< e.g. `"$SOURCE_URL"`, or `"$SOURCE"' dbname=app'`
    QString target;
    QString targetServer; ///< the target's maintenance database, to create the database from
};

/// One database: `SOURCE_URL` and `TARGET_URL`, URIs naming it. Several: `SOURCE` and `TARGET`,
/// the servers' key=value connection strings, each command adding the database's `dbname`
/// (a later keyword wins in libpq).
QList<ReplicatedDatabase> replicatedDatabases(const QStringList &databases)
{
    QList<ReplicatedDatabase> out;
    for (const QString &db : databases) {
        ReplicatedDatabase d;
        d.name = db;
        d.subscription = logicalReplicationName(db, databases);
        if (databases.size() == 1) {
            d.source = QStringLiteral("\"$SOURCE_URL\"");
            d.target = QStringLiteral("\"$TARGET_URL\"");
        } else {
            const QString dbname = sh(QStringLiteral(" dbname=") + Escape::libpqValue(db));
            d.source = QStringLiteral("\"$SOURCE\"") + dbname;
            d.target = QStringLiteral("\"$TARGET\"") + dbname;
            d.targetServer = QStringLiteral("\"$TARGET\"") + sh(QStringLiteral(" dbname=postgres"));
        }
        out.append(d);
    }
    return out;
}

/// `lines` once per database, `%1` its source, `%2` its target, `%3` its subscription; with
/// several, each group headed by a comment naming the database.
QString perDatabase(const QList<ReplicatedDatabase> &databases, const QString &lines)
{
    QStringList out;
    for (const ReplicatedDatabase &d : databases) {
        // One pass, so that nothing a name brings in is replaced again.
        QString group;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QChar next = i + 1 < lines.size() ? lines[i + 1] : QChar();
            if (lines[i] == u'%' && next >= u'1' && next <= u'3') {
                group += next == u'1' ? d.source : next == u'2' ? d.target : d.subscription;
                ++i;
            } else {
                group += lines[i];
            }
        }
        if (databases.size() > 1)
            group.prepend(QStringLiteral("# database %1\n").arg(Escape::visible(d.name)));
        out.append(group);
    }
    return out.join(QStringLiteral("\n"));
}

void addPostgresLogical(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const QString dba = QStringLiteral("dba");
    if (s.selfManaged) {
        RunbookStep &conf = b.add(Stage::WeekBefore, QStringLiteral("enable-logical-wal"), id, id,
                                  QStringLiteral("Enable logical decoding on %1").arg(name));
        conf.role = dba;
        conf.plannedMinutes = 30;
        conf.instructions =
            QStringLiteral("PostgreSQL on %1 is managed by the team: set `wal_level = logical` "
                           "(and enough `max_replication_slots` and `max_wal_senders`) in "
                           "`postgresql.conf`, then restart PostgreSQL in a quiet hour; it is the "
                           "only restart this migration needs.")
                .arg(markdownLabel(r)) +
            commands(QStringLiteral("sudo -u postgres psql -c \"ALTER SYSTEM SET wal_level = "
                                    "'logical'\"\nsudo systemctl restart postgresql\nsudo -u "
                                    "postgres psql -c 'SHOW wal_level'"));
    }
    if (r.type == QLatin1String("aws_db_instance") || r.type == QLatin1String("aws_rds_cluster")) {
        RunbookStep &param = b.add(Stage::WeekBefore, QStringLiteral("enable-logical-wal"), id, id,
                                   QStringLiteral("Enable logical replication on %1").arg(name));
        param.role = dba;
        param.plannedMinutes = 30;
        param.instructions =
            QStringLiteral("`rds.logical_replication` is a static parameter: set it to 1 in the "
                           "parameter group of %1 and reboot in a quiet hour.")
                .arg(markdownLabel(r)) +
            commands(QStringLiteral("aws rds modify-db-parameter-group --db-parameter-group-name "
                                    "\"$PARAMETER_GROUP\" --parameters "
                                    "'ParameterName=rds.logical_replication,ParameterValue=1,"
                                    "ApplyMethod=pending-reboot'\naws rds reboot-db-instance "
                                    "--db-instance-identifier %1")
                         .arg(sh(r.name)));
    }
    RunbookStep &start =
        b.add(Stage::WeekBefore, QStringLiteral("start-replication"), id, id,
              QStringLiteral("Start logical replication from %1 to %2").arg(name, targetPlain(s)));
    start.role = dba;
    start.plannedMinutes = 60;
    // Logical replication is per database, and its slots are the whole server's: with several
    // application databases each gets its own publication, subscription and slot name.
    const QStringList databaseNames = applicationDatabases(r, s.mapping);
    const QList<ReplicatedDatabase> databases = replicatedDatabases(databaseNames);
    QString which;
    if (databases.size() > 1) {
        QStringList names;
        for (const ReplicatedDatabase &d : databases)
            names.append(Escape::markdownCode(d.name) + QStringLiteral(" (subscription ") +
                         Escape::markdownCode(d.subscription) + u')');
        which = QStringLiteral(" Each application database is replicated on its own, with a "
                               "subscription of its own (a replication slot takes the "
                               "subscription's name, and slots belong to the whole server): "
                               "%1. Set `SOURCE` and `TARGET` to the servers' connection "
                               "strings without a database (`host=… port=… user=… password=… "
                               "sslmode=require`) from the password manager, never into this "
                               "runbook; each command adds the database.")
                    .arg(names.join(QStringLiteral(", ")));
    } else {
        which = QStringLiteral(" The application database: %1. Set `SOURCE_URL` and `TARGET_URL` "
                               "to its connection URIs from the password manager (never into "
                               "this runbook).")
                    .arg(Escape::markdownCode(databaseNames.first()));
    }
    if (s.mapping->targetService == QLatin1String("aws_db_instance"))
        which += QStringLiteral(" The target's address (host:port) is in its folder's outputs: "
                                "`%1`.")
                     .arg(awsOutput(b, s, QStringLiteral("endpoint")));
    QString create;
    if (databases.size() > 1)
        for (const ReplicatedDatabase &d : databases)
            create += QStringLiteral("psql %1 -c %2\n")
                          .arg(d.targetServer, sh(QStringLiteral("CREATE DATABASE ") +
                                                  Escape::sqlIdentifier(d.name)));
    start.instructions =
        QStringLiteral("Copy the schema, then subscribe the target to a publication of every "
                       "table of %1.%2")
            .arg(markdownLabel(r), which) +
        commands(create +
                 perDatabase(databases,
                             QStringLiteral("pg_dump --schema-only --no-owner --no-privileges %1 | "
                                            "psql %2\npsql %1 -c 'CREATE PUBLICATION "
                                            "ferry_migration FOR ALL TABLES'\npsql %2 -v "
                                            "source=%1 <<'SQL'\nCREATE SUBSCRIPTION %3 "
                                            "CONNECTION :'source' PUBLICATION ferry_migration;\n"
                                            "SQL")));
    RunbookStep &lag = b.add(Stage::DayBefore, QStringLiteral("check-replication"), id, id,
                             QStringLiteral("Check that replication of %1 keeps up").arg(name));
    lag.role = dba;
    lag.plannedMinutes = 15;
    lag.instructions = QStringLiteral("The initial copy has finished (every table of "
                                      "`pg_subscription_rel` in state `r`) and the lag stays "
                                      "under a minute under the day's load.");
    gate(lag, b.checks(id, CheckKind::Replication));

    RunbookStep &caught =
        b.add(Stage::Data, QStringLiteral("replication-caught-up"), id, id,
              QStringLiteral("Wait until replication from %1 has caught up").arg(name));
    caught.role = dba;
    caught.plannedMinutes = 10;
    caught.instructions =
        QStringLiteral("Writers are stopped, so the lag falls to 0 bytes and stays there.") +
        commands(perDatabase(databases, QStringLiteral("ferry replication-lag --source %1 "
                                                       "--target %2 --slot %3 --wait 600")));
    gate(caught, b.checks(id, CheckKind::Replication));
    RunbookStep &seq =
        b.add(Stage::Data, QStringLiteral("advance-sequences"), id, id,
              QStringLiteral("Copy the sequence values of %1 to %2").arg(name, targetPlain(s)));
    seq.role = dba;
    seq.plannedMinutes = 10;
    seq.instructions =
        QStringLiteral("Logical replication does not carry sequences: set each on the target "
                       "to the source's value, or inserts there would reuse ids.") +
        commands(perDatabase(databases,
                             QStringLiteral("psql %1 -Atc \"SELECT format('SELECT setval(%L, %s, "
                                            "true);', format('%I.%I', schemaname, sequencename), "
                                            "last_value) FROM pg_sequences WHERE last_value IS NOT "
                                            "NULL\" | psql %2")));
    RunbookStep &compare =
        b.add(Stage::Data, QStringLiteral("compare-data"), id, id,
              QStringLiteral("Compare the data of %1 with %2").arg(name, targetPlain(s)));
    compare.role = dba;
    compare.plannedMinutes = 30;
    compare.instructions = QStringLiteral("Row counts and a hash of every row of every table "
                                          "match, read-only on both sides.");
    gate(compare, b.checks(id, CheckKind::Data));
    RunbookStep &stop =
        b.add(Stage::Data, QStringLiteral("stop-replication"), id, id,
              QStringLiteral("Stop replication from %1 into %2").arg(name, targetPlain(s)));
    stop.role = dba;
    stop.plannedMinutes = 5;
    stop.instructions =
        QStringLiteral("Drop the subscription so the target takes writes of its "
                       "own; the source keeps every row it had.") +
        commands(perDatabase(databases, QStringLiteral("psql %2 -c 'DROP SUBSCRIPTION %3'")));
    RunbookStep &back = b.addRollback(stop.id, QStringLiteral("keep-source-database"),
                                      QStringLiteral("Keep %1 as the database").arg(name));
    back.role = dba;
    back.plannedMinutes = 5;
    back.instructions = QStringLiteral("The source still holds every write made before the "
                                       "stop; applications are pointed back at it by the steps "
                                       "above. Writes made on the target after the point of no "
                                       "return must be copied back by hand.");
    RunbookStep &cleanup = b.add(Stage::Cleanup, QStringLiteral("drop-publication"), id, id,
                                 QStringLiteral("Drop the publication on %1").arg(name));
    cleanup.role = dba;
    cleanup.plannedMinutes = 5;
    cleanup.instructions = commands(
        perDatabase(databases, QStringLiteral("psql %1 -c 'DROP PUBLICATION ferry_migration'")));
}

/// Dump and restore in the maintenance window: Heroku Postgres (no superuser, so no
/// replication), MySQL, MongoDB, PostgreSQL before 10.
void addDumpRestore(Builder &b, const Subject &s, const QString &engine)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const bool heroku = isHerokuPostgres(r);
    QString dump, restore, why;
    if (engine == QLatin1String("mysql")) {
        dump = QStringLiteral("mysqldump --single-transaction --routines --triggers --events "
                              "--set-gtid-purged=OFF --databases \"$DATABASE\" > dump.sql");
        restore = QStringLiteral("mysql --host \"$TARGET_HOST\" < dump.sql");
    } else if (engine == QLatin1String("mongodb")) {
        dump = QStringLiteral("mongodump --uri \"$SOURCE_URL\" --archive=dump.archive --gzip");
        restore = QStringLiteral("mongorestore --uri \"$TARGET_URL\" --archive=dump.archive "
                                 "--gzip --drop");
    } else if (heroku) {
        dump = QStringLiteral("heroku pg:backups:capture --app %1\ncurl -o dump.pgdump \"$(heroku "
                              "pg:backups:url --app %1)\"")
                   .arg(sh(herokuAppOf(b.plan(), r)));
        restore = QStringLiteral("pg_restore --no-owner --no-acl --jobs 4 --dbname "
                                 "\"$TARGET_URL\" dump.pgdump");
        why = QStringLiteral(" Heroku Postgres grants no superuser, so it cannot publish to a "
                             "logical replica: the data moves as a dump in the window.");
    } else {
        dump = QStringLiteral("pg_dump --format=custom --no-owner --no-acl --dbname "
                              "\"$SOURCE_URL\" --file dump.pgdump");
        restore = QStringLiteral("pg_restore --no-owner --no-acl --jobs 4 --dbname "
                                 "\"$TARGET_URL\" dump.pgdump");
        why = QStringLiteral(" PostgreSQL before 10 has no logical replication.");
    }
    if (s.mapping->targetService == QLatin1String("aws_db_instance"))
        why += QStringLiteral(" The target's address (host:port) is in its folder's outputs: "
                              "`%1`.")
                   .arg(awsOutput(b, s, QStringLiteral("endpoint")));
    if (s.mapping->targetService == QLatin1String("digitalocean_database_cluster") &&
        engine != QLatin1String("mysql") && engine != QLatin1String("mongodb")) {
        restore = openDigitalOceanCluster(b, s) + restore;
        why += QStringLiteral(" The cluster takes connections from its apps alone: the commands "
                              "let this machine in, and the folder's next `terraform apply` "
                              "removes it.");
    }
    RunbookStep &rehearse =
        b.add(Stage::WeekBefore, QStringLiteral("rehearse-restore"), id, id,
              QStringLiteral("Rehearse the dump and restore of %1 and time it").arg(name));
    rehearse.role = QStringLiteral("dba");
    rehearse.plannedMinutes = 120;
    rehearse.instructions =
        QStringLiteral("Restore a copy of %1 into %2 and note how long the dump and the "
                       "restore took: the maintenance window must hold both.%3")
            .arg(markdownLabel(r), targetText(s), why) +
        commands(dump + u'\n' + restore);
    RunbookStep &move =
        b.add(Stage::Data, QStringLiteral("dump-restore"), id, id,
              QStringLiteral("Dump %1 and restore it into %2").arg(name, targetPlain(s)));
    move.role = QStringLiteral("dba");
    move.plannedMinutes = 60;
    move.instructions = QStringLiteral("Writers are stopped: the dump is the last state of the "
                                       "source. Sequences and auto-increment counters travel "
                                       "with it.") +
                        commands(dump + u'\n' + restore);
    RunbookStep &undo = b.addRollback(move.id, QStringLiteral("keep-source-database"),
                                      QStringLiteral("Keep %1 as the database").arg(name));
    undo.role = QStringLiteral("dba");
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The source was only read; applications are pointed back "
                                       "at it by the steps above.");
    RunbookStep &compare =
        b.add(Stage::Data, QStringLiteral("compare-data"), id, id,
              QStringLiteral("Compare the data of %1 with %2").arg(name, targetPlain(s)));
    compare.role = QStringLiteral("dba");
    compare.plannedMinutes = 30;
    compare.instructions = QStringLiteral("Row counts and a hash of every row of every table "
                                          "match, read-only on both sides.");
    gate(compare, engine == QLatin1String("pg") ? b.checks(id, CheckKind::Data) : QStringList());
}

/// The commands of a snapshot relocation that differ between RDS and Redshift.
struct SnapshotService
{
    QString kind;               ///< "instance", "cluster"
    QString block;              ///< what its Terraform block is: "DB instance", "Redshift cluster"
    QString variable;           ///< what its `<label>_snapshot` variable holds
    bool ownerVariable = false; ///< the snapshot's owner is `<label>_snapshot_owner`
    QString shared;             ///< what is shared at the cutover
    QString snapshot;           ///< `%1` the source's identifier, `%2` the snapshot's suffix
    QString share;              ///< the same, sharing it with `$TARGET_ACCOUNT_ID`
    /// The restore step's tfvars lines from the folder, the block's label, the region and the
    /// source's identifier (shell words).
    QString (*tfvars)(const QString &folder, const QString &label, const QString &region,
                      const QString &source);
    QString wait; ///< waits for what the restore created: `%1` its identifier's expression
    QString terraformType;
    QString encryption;  ///< what the rehearsal says of encrypted snapshots
    QString otherRegion; ///< how a snapshot is copied into the target's region
};

/// A database relocated to another account (docs/runbook.md): a snapshot shared with the target
/// account and restored there by the Terraform export's block, which exists once its
/// `<label>_snapshot` variable is set; rehearsed the week before to time the window. The source
/// is only read.
void addSnapshotRelocation(Builder &b, const Subject &s, const SnapshotService &service)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    // RDS and Redshift identifiers: a letter, then letters, digits and hyphens, at most 63. Any
    // other text from the source is not written into the commands (some stand inside double
    // quotes, where a shell-quoted word would still expand): SOURCE_IDENTIFIER is set by hand.
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z][A-Za-z0-9-]{0,62}$"));
    const QString given = attr(r, "provider_id").isEmpty() ? r.name : attr(r, "provider_id");
    const bool valid = identifier.match(given).hasMatch();
    const QString source = valid ? given : QStringLiteral("$SOURCE_IDENTIFIER");
    const QString setByHand =
        valid ? QString()
              : QStringLiteral("The source's identifier is not one AWS gives: set "
                               "`SOURCE_IDENTIFIER` to the %1's identifier first. ")
                    .arg(service.kind);
    const QString dba = QStringLiteral("dba");
    const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
    const QString label = names.labels.value(id);
    const Account *account = b.plan().organization.account(s.mapping->accountId);
    const QString region = account ? account->region : QStringLiteral("us-east-1");
    // Snapshot `<source>-<suffix>`, wait for it, and let the target account restore it.
    auto snapshotAndShare = [&](const QString &suffix) -> QString {
        return targetAccountIdLine(b, s) + service.snapshot.arg(source, suffix) + u'\n' +
               service.share.arg(source, suffix);
    };
    RunbookStep &rehearse =
        b.add(Stage::WeekBefore, QStringLiteral("rehearse-snapshot-restore"), id, id,
              QStringLiteral("Rehearse the snapshot restore of %1 in %2").arg(name, s.accountName));
    rehearse.role = dba;
    rehearse.plannedMinutes = 120;
    rehearse.instructions =
        QStringLiteral("Snapshot %1 now, share the snapshot with the target account and restore "
                       "it there into a scratch %2: the time it takes is the data part of the "
                       "window. %3 Delete the scratch %2 afterwards.")
            .arg(markdownLabel(r), service.kind, service.encryption) +
        commands(snapshotAndShare(QStringLiteral("rehearsal")));
    rehearse.instructions.prepend(setByHand);
    RunbookStep &snap =
        b.add(Stage::Data, QStringLiteral("snapshot-and-share"), id, id,
              QStringLiteral("Snapshot %1 and share it with %2").arg(name, s.accountName));
    snap.role = dba;
    snap.plannedMinutes = 30;
    snap.instructions =
        QStringLiteral("Writers are stopped: the snapshot holds every committed transaction. "
                       "Share %1 with the target account.")
            .arg(service.shared) +
        commands(snapshotAndShare(QStringLiteral("cutover")));
    snap.instructions.prepend(setByHand);
    RunbookStep &restore =
        b.add(Stage::Data, QStringLiteral("restore-snapshot"), id, id,
              QStringLiteral("Restore %1 in %2 from the shared snapshot").arg(name, s.accountName));
    restore.role = dba;
    restore.plannedMinutes = 45;
    restore.instructions =
        QStringLiteral("In the account's Terraform folder, the %1's block restores from the "
                       "snapshot its `%2_snapshot` variable names (%3), and exists only once it "
                       "is set: keep the value in the folder's `terraform.tfvars`, so that later "
                       "applies keep the %4, apply that block alone, then wait until the %4 is "
                       "available. The shared snapshot must be in %5: from another region, copy "
                       "it there first (%6).")
            .arg(service.block, label,
                 service.ownerVariable
                     ? service.variable +
                           QStringLiteral(", and `%1_snapshot_owner` the source account's id")
                               .arg(label)
                     : service.variable,
                 service.kind, code(region), service.otherRegion) +
        commands(sourceAccountIdLine() + service.tfvars(sh(names.folder), label, region, source) +
                 QStringLiteral("terraform -chdir=%1 apply -target=%2.%3\n")
                     .arg(sh(names.folder), service.terraformType, label) +
                 service.wait.arg(QStringLiteral("\"$(terraform -chdir=%1 output -raw "
                                                 "%2_identifier)\"")
                                      .arg(sh(names.folder), label)));
    restore.instructions.prepend(setByHand);
    RunbookStep &undo = b.addRollback(snap.id, QStringLiteral("keep-source-database"),
                                      QStringLiteral("Keep %1 as the database").arg(name));
    undo.role = dba;
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The source %1 was only read: point the applications "
                                       "back at it (the steps above) and start writers there.")
                            .arg(service.kind);
}

/// An RDS instance relocated to another account: `aws rds` snapshots, restored by the
/// `aws_db_instance` block's `snapshot_identifier` (the snapshot's ARN).
void addRdsSnapshot(Builder &b, const Subject &s)
{
    static const SnapshotService rds{
        QStringLiteral("instance"),
        QStringLiteral("DB instance"),
        QStringLiteral("the snapshot's ARN in the source account"),
        false,
        QStringLiteral("it (or its copy under the shared KMS key)"),
        QStringLiteral("aws rds create-db-snapshot --db-instance-identifier %1 "
                       "--db-snapshot-identifier %1-%2\naws rds wait db-snapshot-available "
                       "--db-snapshot-identifier %1-%2"),
        QStringLiteral("aws rds modify-db-snapshot-attribute --db-snapshot-identifier %1-%2 "
                       "--attribute-name restore --values-to-add \"$TARGET_ACCOUNT_ID\""),
        [](const QString &folder, const QString &label, const QString &region,
           const QString &source) {
            return QStringLiteral("echo \"%2_snapshot = \\\"arn:aws:rds:%3:$SOURCE_ACCOUNT_ID:"
                                  "snapshot:%4-cutover\\\"\" >> %1/terraform.tfvars\n")
                .arg(folder, label, region, source);
        },
        QStringLiteral("aws rds wait db-instance-available --db-instance-identifier %1"),
        QStringLiteral("aws_db_instance"),
        QStringLiteral("A snapshot encrypted with the AWS managed key cannot be shared: copy it "
                       "with a customer managed KMS key that the target account may use, and "
                       "use that key in both rehearsal and cutover."),
        QStringLiteral("`aws rds copy-db-snapshot`"),
    };
    addSnapshotRelocation(b, s, rds);
}

/// A Redshift cluster relocated to another account: `aws redshift` cluster snapshots, restored
/// by the `aws_redshift_cluster` block's `snapshot_identifier` and `owner_account`.
void addRedshiftSnapshot(Builder &b, const Subject &s)
{
    static const SnapshotService redshift{
        QStringLiteral("cluster"),
        QStringLiteral("Redshift cluster"),
        QStringLiteral("the snapshot's identifier"),
        true,
        QStringLiteral("it"),
        QStringLiteral("aws redshift create-cluster-snapshot --cluster-identifier %1 "
                       "--snapshot-identifier %1-%2\naws redshift wait snapshot-available "
                       "--snapshot-identifier %1-%2"),
        QStringLiteral("aws redshift authorize-snapshot-access --snapshot-identifier %1-%2 "
                       "--account-with-restore-access \"$TARGET_ACCOUNT_ID\""),
        [](const QString &folder, const QString &label, const QString &, const QString &source) {
            return QStringLiteral("echo \"%2_snapshot = \\\"%3-cutover\\\"\" >> "
                                  "%1/terraform.tfvars\necho \"%2_snapshot_owner = "
                                  "\\\"$SOURCE_ACCOUNT_ID\\\"\" >> %1/terraform.tfvars\n")
                .arg(folder, label, source);
        },
        QStringLiteral("aws redshift wait cluster-restored --cluster-identifier %1"),
        QStringLiteral("aws_redshift_cluster"),
        QStringLiteral("An encrypted cluster's snapshot is restored with its KMS key: the key "
                       "must be a customer managed key whose policy lets the target account use "
                       "it (grant that before the rehearsal)."),
        QStringLiteral("on the source, `aws redshift enable-snapshot-copy "
                       "--destination-region`, then share the copy"),
    };
    addSnapshotRelocation(b, s, redshift);
}

} // namespace

/// The Heroku app an add-on belongs to: its `app` attribute, else the app of the import's data
/// dependency app → add-on; `APP` where neither names one.
QString herokuAppOf(const Plan &plan, const Resource &r)
{
    if (const QString app = attr(r, "app"); !app.isEmpty())
        return app;
    if (r.type == QLatin1String("heroku_addon"))
        for (const Dependency &d : plan.inventory.dependencies)
            if (const Resource *owner = d.to == r.id ? plan.resource(d.from) : nullptr;
                owner && owner->type == QLatin1String("heroku_app") && !owner->name.isEmpty())
                return owner->name;
    return QStringLiteral("APP");
}

/// Shell lines that let this machine into the DigitalOcean team's cluster `s` maps onto (a
/// team's cluster trusts its apps alone; the folder's next `terraform apply` takes the rule away
/// again) and set `TARGET_URL` to its public URI, both read from the folder's outputs.
QString openDigitalOceanCluster(const Builder &b, const Subject &s)
{
    const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
    const QString &folder = names.folder;
    const QString label = names.labels.value(s.resource->id);
    return QStringLiteral("DB_ID=$(terraform -chdir=%1 output -raw %2_id)\ndoctl databases "
                          "firewalls append \"$DB_ID\" --rule \"ip_addr:$(curl -fsS "
                          "https://api.ipify.org)\"\nTARGET_URL=$(terraform -chdir=%1 output -raw "
                          "%2_public_uri)\n")
        .arg(sh(folder), label);
}

DataMove dataMoveOf(const Resource &r, const Mapping &m, bool *selfManaged)
{
    const ResourceCategory source = categoryOf(r);
    *selfManaged = isSelfManagedDatabase(r, m.targetService);
    // An RDS instance moving to another account as it is (strategy relocate) goes by snapshot.
    if (m.strategy == Strategy::Relocate && r.type == QLatin1String("aws_db_instance") &&
        m.targetService == QLatin1String("aws_db_instance"))
        return DataMove::RdsSnapshot;
    // A Redshift cluster goes by snapshot whatever the strategy (the Terraform export restores
    // every new cluster from one).
    if (r.type == QLatin1String("aws_redshift_cluster") &&
        m.targetService == QLatin1String("aws_redshift_cluster"))
        return DataMove::RedshiftSnapshot;
    if (source == ResourceCategory::Database || *selfManaged) {
        const QString engine = databaseEngine(r, *selfManaged);
        if (engine == QLatin1String("redis") || engine == QLatin1String("valkey"))
            return DataMove::Redis;
        if (engine == QLatin1String("mysql"))
            return DataMove::MySqlDump;
        if (engine == QLatin1String("mongodb"))
            return DataMove::MongoDump;
        if (isHerokuPostgres(r))
            return DataMove::PostgresDump;
        bool ok = false;
        const int major = attr(r, "version").section(u'.', 0, 0).toInt(&ok);
        return ok && major < 10 ? DataMove::PostgresDump : DataMove::PostgresLogical;
    }
    switch (source) {
    case ResourceCategory::Cache:
        return DataMove::Redis;
    case ResourceCategory::Bucket:
        return DataMove::Objects;
    case ResourceCategory::Volume:
        return r.provider == QLatin1String("aws") ? DataMove::VolumeSnapshot : DataMove::VolumeSync;
    default:
        return DataMove::None;
    }
}

/// Where the target does not offer the source's major version (resources/engine-versions.yaml,
/// as the Terraform export reads it), a step the week before that rehearses the application on
/// the target's: the data moves across majors, the application's queries and extensions must too.
void addMajorUpgrade(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString version = attr(r, "version");
    if (version.isEmpty())
        return;
    const bool postgres = s.data == DataMove::PostgresLogical || s.data == DataMove::PostgresDump;
    const std::optional<EngineTarget> v = EngineVersions::builtIn().targetFor(
        s.mapping->targetService, postgres ? QStringLiteral("postgres") : QStringLiteral("mysql"),
        version);
    if (!v || !v->upgraded)
        return;
    const QString engine = postgres ? QStringLiteral("PostgreSQL") : QStringLiteral("MySQL");
    RunbookStep &step =
        b.add(Stage::WeekBefore, QStringLiteral("rehearse-major-upgrade"), r.id, r.id,
              QStringLiteral("Rehearse the upgrade of %1 from %2 %3 to %4")
                  .arg(plainLabel(r), engine, v->sourceMajor, v->version));
    step.role = QStringLiteral("dba");
    step.plannedMinutes = 240;
    step.instructions =
        QStringLiteral("The target does not offer %1 %2, so %3 moves to %1 %4: a major upgrade "
                       "in the same step as the move. %5 Before the cutover, restore a copy of "
                       "the source on %1 %4 (a dump restored into a scratch instance), then run "
                       "the application's test suite and its slowest queries "
                       "against it (plans change between majors), and check that every "
                       "extension the source uses is offered on the target.")
            .arg(engine, v->sourceMajor, markdownLabel(r), v->version,
                 postgres ? QStringLiteral("Logical replication and `pg_dump` work from an older "
                                           "major to a newer one.")
                          : QStringLiteral("`mysqldump` output loads into a newer major."));
    if (postgres)
        step.instructions +=
            commands(QStringLiteral("psql \"$SOURCE_URL\" -c 'SELECT extname, extversion FROM "
                                    "pg_extension ORDER BY 1'\npsql \"$TARGET_URL\" -c 'SELECT "
                                    "name, default_version FROM pg_available_extensions ORDER BY "
                                    "1'"));
}

/// Adds the steps that move the data of `s` (and rehearse a major upgrade on the way).
void addDataSteps(Builder &b, const Subject &s)
{
    if (s.data == DataMove::PostgresLogical || s.data == DataMove::PostgresDump ||
        s.data == DataMove::MySqlDump)
        addMajorUpgrade(b, s);
    switch (s.data) {
    case DataMove::PostgresLogical:
        addPostgresLogical(b, s);
        break;
    case DataMove::PostgresDump:
        addDumpRestore(b, s, QStringLiteral("pg"));
        break;
    case DataMove::MySqlDump:
        addDumpRestore(b, s, QStringLiteral("mysql"));
        break;
    case DataMove::MongoDump:
        addDumpRestore(b, s, QStringLiteral("mongodb"));
        break;
    case DataMove::Redis:
        addRedis(b, s);
        break;
    case DataMove::Objects:
        addObjects(b, s);
        break;
    case DataMove::VolumeSync:
    case DataMove::VolumeSnapshot:
        addVolume(b, s);
        break;
    case DataMove::RdsSnapshot:
        addRdsSnapshot(b, s);
        break;
    case DataMove::RedshiftSnapshot:
        addRedshiftSnapshot(b, s);
        break;
    case DataMove::None:
        break;
    }
}

} // namespace Ferry::RunbookGenerator
