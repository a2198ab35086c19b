// SPDX-License-Identifier: MIT
// The steps of data that is not a database: caches (copied key by key or rebuilt), buckets
// (synced) and volumes (synced or snapshotted), by the pair of what the resource is and what it
// becomes (docs/runbook.md, "Steps per kind").
#include "escaping.h"
#include "runbookbuilder.h"
#include "terraformexport.h"

#include <QRegularExpression>

namespace Ferry::RunbookGenerator {

namespace {

/// What `riot replicate` and `riot compare` are given to reach the source and target of a
/// cache: lines that set `SOURCE_URL` and `TARGET_URL` where Ferry knows how, the options, and
/// sentences for the operator.
struct CacheEndpoints
{
    QString lines;
    QString options;
    QString notes;
};

CacheEndpoints cacheEndpoints(const Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString &service = s.mapping->targetService;
    CacheEndpoints e;
    if (r.type == QLatin1String("heroku_addon")) {
        e.lines = QStringLiteral("SOURCE_URL=$(heroku config:get REDIS_URL --app %1)\n")
                      .arg(sh(herokuAppOf(b.plan(), r)));
        e.options = QStringLiteral(" --source-insecure");
        e.notes += QStringLiteral(" Heroku's Redis serves a self-signed certificate: "
                                  "`--source-insecure` keeps TLS but skips the certificate "
                                  "check.");
    }
    if (service == QLatin1String("digitalocean_database_cluster")) {
        e.lines += openDigitalOceanCluster(b, s);
        e.notes += QStringLiteral(" The cluster takes connections from its apps alone: the "
                                  "commands let this machine in, and the folder's next "
                                  "`terraform apply` removes it.");
    } else if (service.startsWith(QLatin1String("aws_elasticache"))) {
        // The export turns on transit encryption for replication groups only.
        const bool tls = service == QLatin1String("aws_elasticache_replication_group");
        e.lines += QStringLiteral("TARGET_URL=\"%1://%2:6379\"\n")
                       .arg(tls ? QStringLiteral("rediss") : QStringLiteral("redis"),
                            awsOutput(b, s, QStringLiteral("endpoint")));
        e.notes += QStringLiteral(" ElastiCache has no public endpoint: run the commands on a "
                                  "machine inside the new VPC (a bastion instance or an ECS "
                                  "task) that can reach the source.");
    }
    return e;
}

} // namespace

/// Caches: neither managed Redis (Heroku, ElastiCache, DigitalOcean) takes `REPLICAOF` or
/// serves `SYNC`, so the data is copied key by key with RIOT (DUMP and RESTORE, with TTLs) —
/// https://redis.github.io/riot/ — while writers are stopped, then compared key by key.
void addRedis(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const CacheEndpoints e = cacheEndpoints(b, s);
    const QString replicate =
        e.lines + QStringLiteral("riot replicate%1 \"$SOURCE_URL\" \"$TARGET_URL\"").arg(e.options);
    RunbookStep &decide = b.add(Stage::WeekBefore, QStringLiteral("decide-cache-data"), id, id,
                                QStringLiteral("Decide whether the data of %1 is copied or "
                                               "rebuilt")
                                    .arg(name));
    decide.plannedMinutes = 60;
    decide.instructions =
        QStringLiteral("Ask the application owners what %1 holds. A cache the application "
                       "refills needs nothing copied; sessions, queues or anything kept only "
                       "there must be copied in the window (the cutover steps). To copy, "
                       "rehearse now: run the copy into %2 once and note how long it took, "
                       "which the window must hold (the cutover's copy overwrites this "
                       "one).%3")
            .arg(markdownLabel(r), targetText(s), e.notes) +
        commands(replicate);
    RunbookStep &copy =
        b.add(Stage::Data, QStringLiteral("copy-cache-data"), id, id,
              QStringLiteral("Copy or rebuild the data of %1 in %2").arg(name, targetPlain(s)));
    copy.plannedMinutes = 20;
    copy.instructions =
        QStringLiteral("Rebuilt: nothing to do, the application refills %1. Copied: writers "
                       "are stopped, so one pass copies every key with its TTL (DUMP and "
                       "RESTORE; managed Redis refuses `REPLICAOF`).%2")
            .arg(targetText(s), e.notes) +
        commands(replicate);
    RunbookStep &undo = b.addRollback(copy.id, QStringLiteral("keep-source-cache"),
                                      QStringLiteral("Keep %1 as the cache").arg(name));
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The source was only read; applications are pointed back "
                                       "at it by the steps above.");
    RunbookStep &compare =
        b.add(Stage::Data, QStringLiteral("compare-cache-data"), id, id,
              QStringLiteral("Compare the keys of %1 with %2").arg(name, targetPlain(s)));
    compare.plannedMinutes = 10;
    compare.instructions =
        QStringLiteral("Copied: every key of the source is on the target with the same type, "
                       "value and TTL; the command lists those that differ and reads both "
                       "sides only. Rebuilt: skip.") +
        commands(e.lines + QStringLiteral("riot compare%1 --show-diffs \"$SOURCE_URL\" "
                                          "\"$TARGET_URL\"")
                               .arg(e.options));
}

// --- Files ------------------------------------------------------------------------------------

QString awsOutput(const Builder &b, const Subject &s, const QString &suffix)
{
    const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
    return QStringLiteral("$(terraform -chdir=%1 output -raw %2_%3)")
        .arg(sh(names.folder), names.labels.value(s.resource->id), suffix);
}

QString targetAccountIdLine(const Builder &b, const Subject &s)
{
    const Account *account = b.plan().organization.account(s.mapping->accountId);
    if (account && !account->awsAccountId.isEmpty())
        return QStringLiteral("TARGET_ACCOUNT_ID=%1   # account %2\n")
            .arg(account->awsAccountId, sh(s.accountName));
    return QStringLiteral("TARGET_ACCOUNT_ID=$(terraform -chdir=%1 output -json account_ids | jq "
                          "-r '.[\"%2\"]')\n")
        .arg(sh(TerraformExport::organizationFolder()), s.mapping->accountId);
}

QString sourceAccountIdLine()
{
    return QStringLiteral("SOURCE_ACCOUNT_ID=$(aws sts get-caller-identity --query Account "
                          "--output text)   # with the source account's credentials\n");
}

/// Buckets: synced the week before, again the day before and a last time in the window, then
/// counted on both sides. Between AWS accounts (strategy relocate) AWS DataSync does it, from a
/// task in the source account whose last run verifies every object
/// (https://docs.aws.amazon.com/datasync/latest/userguide/tutorial_s3-s3-cross-account-transfer.html);
/// otherwise `aws s3 sync` (from S3) or `rclone sync` (from Spaces).
void addObjects(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const bool fromAws = r.provider == QLatin1String("aws");
    // The new bucket's name (made unique per account) from the folder's outputs: a bucket's id
    // is its name.
    const QString target =
        s.mapping->targetService == QLatin1String("aws_s3_bucket")
            ? QStringLiteral("TARGET_BUCKET=%1\n").arg(awsOutput(b, s, QStringLiteral("id")))
            : QString();
    const bool dataSync = fromAws && s.mapping->strategy == Strategy::Relocate && !target.isEmpty();
    const QString count =
        target + (fromAws ? QStringLiteral("aws s3 ls --recursive --summarize s3://%1 | "
                                           "tail -2\naws s3 ls --recursive --summarize "
                                           "\"s3://$TARGET_BUCKET\" | tail -2")
                                .arg(sh(r.name))
                          : QStringLiteral("rclone size spaces:%1\nrclone size "
                                           "\"s3:$TARGET_BUCKET\"")
                                .arg(sh(r.name)));
    // The commands of one pass (a DataSync run given `options`); names are substituted last,
    // so that nothing in them is taken for a placeholder.
    const auto run = [](const QString &options) -> QString {
        return QStringLiteral("EXECUTION_ARN=$(aws datasync start-task-execution --task-arn "
                              "\"$TASK_ARN\"") +
               options +
               QStringLiteral(" --query TaskExecutionArn --output text)\naws datasync "
                              "describe-task-execution --task-execution-arn \"$EXECUTION_ARN\" "
                              "--query '[Status,Result.ErrorCode]' --output text   # again "
                              "until SUCCESS");
    };
    QString pass;
    if (dataSync) {
        pass = run(QString());
        RunbookStep &prepare = b.add(
            Stage::WeekBefore, QStringLiteral("prepare-datasync"), id, id,
            QStringLiteral("Prepare the DataSync task from %1 to %2").arg(name, targetPlain(s)));
        prepare.plannedMinutes = 60;
        prepare.instructions =
            QStringLiteral(
                "%1 moves to another account, so AWS DataSync copies it, from a task in the "
                "source account with a role there (`DATASYNC_ROLE_ARN`: trusted by "
                "`datasync.amazonaws.com`, allowed to list and read the source and to write the "
                "target). Copy the source's bucket policy to %2 (its ARNs changed to the new "
                "bucket) with a statement that lets the role, and whoever runs these commands, "
                "list and write it; the policy is copied here, not in the Terraform, because "
                "the import does not read it. Keep the task's ARN for the runs below "
                "(`TASK_ARN`).")
                .arg(markdownLabel(r), targetText(s)) +
            commands(
                QStringLiteral(
                    "aws s3api get-bucket-policy --bucket %1 --query Policy --output text > "
                    "source-policy.json\n%2# target account: source-policy.json with the new "
                    "bucket's ARNs and a statement for \"$DATASYNC_ROLE_ARN\"\naws s3api "
                    "put-bucket-policy --bucket \"$TARGET_BUCKET\" --policy "
                    "file://target-policy.json\n# source account\nSOURCE_LOCATION=$(aws "
                    "datasync create-location-s3 --s3-bucket-arn arn:aws:s3:::%1 --s3-config "
                    "BucketAccessRoleArn=\"$DATASYNC_ROLE_ARN\" --query LocationArn --output "
                    "text)\nTARGET_LOCATION=$(aws datasync create-location-s3 --s3-bucket-arn "
                    "\"arn:aws:s3:::$TARGET_BUCKET\" --s3-config "
                    "BucketAccessRoleArn=\"$DATASYNC_ROLE_ARN\" --query LocationArn --output "
                    "text)\nTASK_ARN=$(aws datasync create-task --name %3 --source-location-arn "
                    "\"$SOURCE_LOCATION\" --destination-location-arn \"$TARGET_LOCATION\" "
                    "--options VerifyMode=ONLY_FILES_TRANSFERRED,TransferMode=CHANGED,"
                    "PreserveDeletedFiles=REMOVE --query TaskArn --output text)\necho "
                    "\"$TASK_ARN\"")
                    .arg(sh(r.name), target, sh(QStringLiteral("ferry-") + r.name)));
    } else {
        pass =
            target +
            (fromAws ? QStringLiteral("aws s3 sync s3://%1 \"s3://$TARGET_BUCKET\"").arg(sh(r.name))
                     : QStringLiteral("rclone sync spaces:%1 \"s3:$TARGET_BUCKET\" --checksum "
                                      "--transfers 32")
                           .arg(sh(r.name)));
    }
    RunbookStep &first =
        b.add(Stage::WeekBefore, QStringLiteral("initial-sync"), id, id,
              QStringLiteral("Run the initial sync of %1 to %2").arg(name, targetPlain(s)));
    first.plannedMinutes = 120;
    first.instructions =
        (dataSync ? QStringLiteral("The task copies every object; it may take hours and can run "
                                   "while the source is in use. Each run checks what it "
                                   "transferred.")
                  : QStringLiteral("Copy every object of %1 to %2; it may take hours and can "
                                   "run while the source is in use.")
                        .arg(markdownLabel(r), targetText(s))) +
        commands(pass);
    RunbookStep &again = b.add(Stage::DayBefore, QStringLiteral("resync"), id, id,
                               QStringLiteral("Re-sync %1 and compare object counts").arg(name));
    again.plannedMinutes = 30;
    again.instructions = commands(pass + u'\n' + count);
    RunbookStep &last = b.add(Stage::Data, QStringLiteral("final-sync"), id, id,
                              QStringLiteral("Final sync of %1 to %2").arg(name, targetPlain(s)));
    last.plannedMinutes = dataSync ? 30 : 20;
    last.instructions =
        dataSync ? QStringLiteral("Writers are stopped: this run copies the last objects and "
                                  "then verifies every object of the bucket on both sides "
                                  "(`POINT_IN_TIME_CONSISTENT`).") +
                       commands(run(QStringLiteral(
                           " --override-options VerifyMode=POINT_IN_TIME_CONSISTENT")))
                 : QStringLiteral("Writers are stopped: this pass copies the last objects.") +
                       commands(pass);
    RunbookStep &undo = b.addRollback(last.id, QStringLiteral("keep-source-bucket"),
                                      QStringLiteral("Keep %1 as the bucket").arg(name));
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The source still holds every object; applications are "
                                       "pointed back at it by the steps above.");
    RunbookStep &counts = b.add(Stage::Data, QStringLiteral("compare-objects"), id, id,
                                QStringLiteral("Compare the object counts and sizes of %1 and %2")
                                    .arg(name, targetPlain(s)));
    counts.plannedMinutes = 10;
    counts.instructions = QStringLiteral("Both sides list the same number of objects and bytes; "
                                         "do not go on until they do.") +
                          commands(count);
}

/// A server's files that a bucket also takes (Mapping::alsoServices `aws_s3_bucket`): copied
/// over SSH with rclone's SFTP remote (https://rclone.org/sftp/) the week before, again the day
/// before and a last time in the window, then checked file by file; the server's directory is
/// only read.
void addFilesToBucket(Builder &b, const Subject &s, const QString &service)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
    const QString label = names.labels.value(TerraformExport::alsoLabelKey(id, service));
    const QString host = attr(r, "ipv4");
    const QString bucket = QStringLiteral("the new bucket in %1").arg(s.accountName);
    // The server's address from the import where it has one; the directory and the SSH user
    // are the operator's to set (rclone reaches the server through the ssh-agent).
    const QString setUp =
        QStringLiteral("TARGET_BUCKET=$(terraform -chdir=%1 output -raw %2_id)\n"
                       "SOURCE_HOST=%3\nSSH_USER=%4   # may read FILES_DIR\n"
                       "FILES_DIR=/srv/uploads   # the directory the bucket takes: set it\n"
                       "SOURCE=\":sftp,host=$SOURCE_HOST,user=$SSH_USER:$FILES_DIR\"\n")
            .arg(sh(names.folder), label,
                 host.isEmpty() ? QStringLiteral("   # the server's address: set it") : sh(host),
                 r.provider == QLatin1String("digitalocean") ? QStringLiteral("root")
                                                             : QStringLiteral("ec2-user"));
    const QString pass = QStringLiteral("rclone sync \"$SOURCE\" \"s3:$TARGET_BUCKET\" "
                                        "--transfers 32");
    const QString check = QStringLiteral("rclone check \"$SOURCE\" \"s3:$TARGET_BUCKET\"");
    RunbookStep &first = b.add(Stage::WeekBefore, QStringLiteral("initial-files-copy"), id, id,
                               QStringLiteral("Copy the files of %1 to %2").arg(name, bucket));
    first.plannedMinutes = 120;
    first.instructions =
        QStringLiteral("%1 also becomes %2 (`aws_s3_bucket.%3`): the files of one directory on "
                       "it (uploads, media) move there. Copy them while the server is in use; "
                       "it may take hours. The application must read and write the bucket "
                       "instead of the directory once it runs on %4 — a change of its code or "
                       "configuration that the rehearsal tests.")
            .arg(markdownLabel(r), bucket, label, code(s.mapping->targetService)) +
        commands(setUp +
                 QStringLiteral("rclone config create s3 s3 provider=AWS env_auth=true   # once: "
                                "the target account's credentials\n") +
                 pass);
    RunbookStep &again = b.add(Stage::DayBefore, QStringLiteral("resync-files"), id, id,
                               QStringLiteral("Re-sync the files of %1 and check them").arg(name));
    again.plannedMinutes = 30;
    again.instructions = QStringLiteral("Copies what changed since the first copy and removes "
                                        "from the bucket what was deleted on the server; the "
                                        "check lists every file that differs.") +
                         commands(setUp + pass + u'\n' + check);
    RunbookStep &last =
        b.add(Stage::Data, QStringLiteral("final-files-copy"), id, id,
              QStringLiteral("Final copy of the files of %1 to %2").arg(name, bucket));
    last.plannedMinutes = 20;
    last.instructions = QStringLiteral("Writers are stopped: this pass copies the last files, "
                                       "then every file is checked on both sides (size and "
                                       "hash). Do not go on while the check reports a "
                                       "difference.") +
                        commands(setUp + pass + u'\n' + check);
    RunbookStep &undo =
        b.addRollback(last.id, QStringLiteral("keep-server-files"),
                      QStringLiteral("Keep the files of %1 on the server").arg(name));
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The directory on the server was only read and still holds "
                                       "every file; the application, pointed back at the server "
                                       "by the steps above, uses it as before.");
}

void addAlsoTargets(Builder &b, const Subject &s)
{
    const Account *account = b.plan().organization.account(s.mapping->accountId);
    if (!account || account->cloud != TargetCloud::Aws || s.category != ResourceCategory::Compute)
        return; // a team's folder writes no further targets; only a server has files to move
    for (const QString &service : s.mapping->alsoServices)
        if (service == QLatin1String("aws_s3_bucket"))
            addFilesToBucket(b, s, service);
}

void addVolume(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    if (s.data == DataMove::VolumeSnapshot) {
        const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
        RunbookStep &snap =
            b.add(Stage::Data, QStringLiteral("share-snapshot"), id, id,
                  QStringLiteral("Snapshot %1 and restore it in %2").arg(name, s.accountName));
        snap.plannedMinutes = 30;
        snap.instructions =
            QStringLiteral("Writers are stopped: snapshot the volume, share the snapshot with "
                           "the target account and create the new volume from it there (the "
                           "folder's `%1_snapshot` variable). A snapshot encrypted with the AWS "
                           "managed key cannot be shared: copy it under a customer managed KMS "
                           "key the target account may use.")
                .arg(names.labels.value(id)) +
            commands(
                targetAccountIdLine(b, s) +
                QStringLiteral(
                    "SNAPSHOT=$(aws ec2 create-snapshot --volume-id %1 --description "
                    "ferry-migration --query SnapshotId --output text)\naws ec2 wait "
                    "snapshot-completed --snapshot-ids \"$SNAPSHOT\"\naws ec2 "
                    "modify-snapshot-attribute --snapshot-id \"$SNAPSHOT\" --attribute "
                    "createVolumePermission --operation-type add --user-ids "
                    "\"$TARGET_ACCOUNT_ID\"\n"
                    "# target account: kept in terraform.tfvars, so that later applies keep "
                    "the volume\necho \"%3_snapshot = \\\"$SNAPSHOT\\\"\" >> "
                    "%2/terraform.tfvars\nterraform -chdir=%2 apply -target=aws_ebs_volume.%3")
                    .arg(sh(attr(r, "provider_id").isEmpty() ? r.name : attr(r, "provider_id")),
                         sh(names.folder), names.labels.value(id)));
        RunbookStep &undo = b.addRollback(snap.id, QStringLiteral("keep-source-volume"),
                                          QStringLiteral("Keep %1 attached").arg(name));
        undo.instructions = QStringLiteral("The source volume was only read.");
        return;
    }
    RunbookStep &first =
        b.add(Stage::WeekBefore, QStringLiteral("initial-copy"), id, id,
              QStringLiteral("Copy the files of %1 to %2").arg(name, targetPlain(s)));
    first.plannedMinutes = 120;
    first.instructions =
        QStringLiteral("A DigitalOcean volume snapshot cannot leave DigitalOcean: mount the new "
                       "volume on its instance and copy the files over SSH while the source is "
                       "in use.") +
        commands(QStringLiteral("rsync -aHAX --numeric-ids --info=progress2 /mnt/%1/ "
                                "\"$TARGET_HOST:/mnt/$TARGET_VOLUME/\"")
                     .arg(sh(r.name)));
    RunbookStep &last = b.add(Stage::Data, QStringLiteral("final-copy"), id, id,
                              QStringLiteral("Final copy of %1 to %2").arg(name, targetPlain(s)));
    last.plannedMinutes = 20;
    last.instructions = QStringLiteral("Writers are stopped: the second pass copies what changed "
                                       "and removes what was deleted.") +
                        commands(QStringLiteral("rsync -aHAX --numeric-ids --delete /mnt/%1/ "
                                                "\"$TARGET_HOST:/mnt/$TARGET_VOLUME/\"")
                                     .arg(sh(r.name)));
    RunbookStep &undo = b.addRollback(last.id, QStringLiteral("keep-source-volume"),
                                      QStringLiteral("Keep %1 as the volume").arg(name));
    undo.instructions = QStringLiteral("The source volume was only read.");
}

/// An ECR repository moved to another account: replication
/// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html) carries what is pushed
/// once its rule exists, not what the repository held before, so the rule goes first and `skopeo
/// copy` takes the existing tags; the tags and digests are compared in the window and the rule
/// removed at cleanup.
void addImages(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const Account *account = b.plan().organization.account(s.mapping->accountId);
    const QString region = account ? account->region : QStringLiteral("$REGION");
    // ECR's repository names (lowercase, digits, `._-` inside, `/` between parts); any other
    // name from the source is not written into the commands: REPOSITORY is set by hand.
    static const QRegularExpression ecrName(
        QStringLiteral("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$"));
    const bool validName = ecrName.match(r.name).hasMatch() && r.name.size() <= 256;
    const QString filter = validName ? r.name : QStringLiteral("$REPOSITORY");
    const QString repository = validName ? r.name : QStringLiteral("\"$REPOSITORY\"");
    const QString url =
        QStringLiteral("TARGET_URL=%1\n").arg(awsOutput(b, s, QStringLiteral("repository_url")));
    RunbookStep &rule =
        b.add(Stage::WeekBefore, QStringLiteral("replicate-images"), id, id,
              QStringLiteral("Replicate the images pushed to %1 to %2").arg(name, targetPlain(s)));
    rule.plannedMinutes = 45;
    rule.instructions =
        QStringLiteral(
            "From now on every image pushed to %1 is replicated to %2 (the repository the "
            "folder's Terraform created). The target's registry policy lets the source account "
            "replicate, with `ecr:ReplicateImage` alone: the repository exists, and without "
            "`ecr:CreateRepository` replication makes no other. Both calls replace the whole "
            "setting: merge with what `get-registry-policy` and `describe-registry` show. The "
            "filter is a prefix: other repositories whose names start with it are tried too "
            "(and refused, as CloudTrail shows).")
            .arg(markdownLabel(r), targetText(s)) +
        commands(
            targetAccountIdLine(b, s) + sourceAccountIdLine() +
            QStringLiteral(
                "# target account: the existing policy, if any, to merge the statement into\n"
                "aws ecr get-registry-policy --query policyText --output text\n"
                "aws ecr put-registry-policy --policy-text '{\"Version\":\"2012-10-17\","
                "\"Statement\":[{\"Sid\":\"FerryReplication\",\"Effect\":\"Allow\","
                "\"Principal\":{\"AWS\":\"arn:aws:iam::'\"$SOURCE_ACCOUNT_ID\"':root\"},"
                "\"Action\":\"ecr:ReplicateImage\",\"Resource\":\"arn:aws:ecr:%1:'\"$TARGET_"
                "ACCOUNT_ID\"':"
                "repository/*\"}]}'\n"
                "# source account: the existing rules, to keep\n"
                "aws ecr describe-registry --query replicationConfiguration > "
                "replication.json\n"
                "# add to its rules: {\"destinations\":[{\"region\":\"%1\",\"registryId\":"
                "\"$TARGET_ACCOUNT_ID\"}],\"repositoryFilters\":[{\"filter\":\"%2\",\"filterType\":"
                "\"PREFIX_MATCH\"}]}\n"
                "aws ecr put-replication-configuration --replication-configuration "
                "file://replication.json")
                .arg(region, filter));
    if (!validName)
        rule.instructions.prepend(QStringLiteral("The source's name is not an ECR repository name: "
                                                 "set `REPOSITORY` to the repository's name "
                                                 "first. "));
    RunbookStep &copy =
        b.add(Stage::WeekBefore, QStringLiteral("copy-images"), id, id,
              QStringLiteral("Copy the tagged images of %1 to %2").arg(name, targetPlain(s)));
    copy.plannedMinutes = 60;
    copy.instructions =
        QStringLiteral("Replication does not copy what %1 held before its rule: copy every "
                       "tagged image (all platforms of a multi-platform image) with `skopeo`, "
                       "from a machine that can read the source and write the target. Untagged "
                       "images are not copied.")
            .arg(markdownLabel(r)) +
        commands(
            url + sourceAccountIdLine() +
            QStringLiteral("SOURCE_REGISTRY=\"$SOURCE_ACCOUNT_ID.dkr.ecr.%1.amazonaws.com\"\n"
                           "# source account\n"
                           "aws ecr list-images --repository-name %2 --filter tagStatus=TAGGED "
                           "--query 'imageIds[].imageTag' --output text | tr '\\t' '\\n' > "
                           "tags.txt\n"
                           "SOURCE_PASSWORD=$(aws ecr get-login-password --region %1)\n"
                           "# target account\n"
                           "TARGET_PASSWORD=$(aws ecr get-login-password --region %1)\n"
                           "while read -r TAG; do\n"
                           "  skopeo copy --all --src-creds \"AWS:$SOURCE_PASSWORD\" "
                           "--dest-creds \"AWS:$TARGET_PASSWORD\" "
                           "\"docker://$SOURCE_REGISTRY/%2:$TAG\" \"docker://$TARGET_URL:$TAG\"\n"
                           "done < tags.txt")
                .arg(region, repository));
    RunbookStep &compare = b.add(
        Stage::Data, QStringLiteral("compare-images"), id, id,
        QStringLiteral("Compare the tags and digests of %1 and %2").arg(name, targetPlain(s)));
    compare.plannedMinutes = 10;
    compare.instructions =
        QStringLiteral("Every tag of the source points at the same digest on the target; the "
                       "listings read both sides only. Do not deploy from the target until "
                       "`diff` prints nothing.") +
        commands(url + QStringLiteral(
                           "# source account\n"
                           "aws ecr list-images --repository-name %1 --filter tagStatus=TAGGED "
                           "--query 'imageIds[].[imageTag,imageDigest]' --output text | sort > "
                           "source-images.txt\n"
                           "# target account\n"
                           "aws ecr list-images --repository-name \"${TARGET_URL#*/}\" --filter "
                           "tagStatus=TAGGED --query 'imageIds[].[imageTag,imageDigest]' "
                           "--output text | sort > target-images.txt\n"
                           "diff source-images.txt target-images.txt && echo same")
                           .arg(repository));
    RunbookStep &undo = b.addRollback(compare.id, QStringLiteral("keep-source-repository"),
                                      QStringLiteral("Keep %1 as the registry").arg(name));
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The source still holds every image; deployments are "
                                       "pointed back at it by the steps above.");
    RunbookStep &stop = b.add(Stage::Cleanup, QStringLiteral("stop-replication"), id, id,
                              QStringLiteral("Remove the replication rule of %1").arg(name));
    stop.plannedMinutes = 15;
    stop.instructions =
        QStringLiteral("In the source account, take the rule for %1 out of the registry's "
                       "replication configuration (keeping the others), and the `FerryReplication` "
                       "statement out of the target's registry policy.")
            .arg(code(filter)) +
        commands(QStringLiteral("# source account\naws ecr describe-registry --query "
                                "replicationConfiguration > replication.json\n# remove the rule "
                                "with the filter %1, then\naws ecr put-replication-configuration "
                                "--replication-configuration file://replication.json")
                     .arg(filter));
}

/// A CodeCommit repository moved to another account: a mirror clone pushed to the new repository
/// the week before and again the day before, a last time in the window once pushes have
/// stopped, then every ref compared. Git carries branches and tags; pull requests, comments,
/// approval rules and triggers are the source's alone.
void addRepository(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    // The source's address from its state, where it has the form CodeCommit gives it; else set
    // by hand (SOURCE_URL), so that nothing else from the import reaches a command.
    static const QRegularExpression cloneUrl(QStringLiteral(
        "^https://git-codecommit\\.[a-z0-9-]+\\.amazonaws\\.com/v1/repos/[A-Za-z0-9._-]{1,100}$"));
    const QString given = attr(r, "clone_url");
    const bool known = cloneUrl.match(given).hasMatch();
    const QString setup =
        (known ? QStringLiteral("SOURCE_URL=%1\n").arg(given)
               : QStringLiteral("# SOURCE_URL: the source repository's clone_url_http\n")) +
        QStringLiteral("TARGET_URL=%1\n").arg(awsOutput(b, s, QStringLiteral("clone_url_http")));
    const QString push = QStringLiteral("# target account\ngit -C mirror.git push --mirror "
                                        "\"$TARGET_URL\"");
    const QString fetch = QStringLiteral("# source account\ngit -C mirror.git remote update "
                                         "--prune\n");
    RunbookStep &first = b.add(Stage::WeekBefore, QStringLiteral("mirror-repository"), id, id,
                               QStringLiteral("Mirror %1 to %2").arg(name, targetPlain(s)));
    first.plannedMinutes = 30;
    first.instructions =
        QStringLiteral("Push a mirror of %1 (every branch and tag) to %2, the repository the "
                       "folder's Terraform created. Git does not carry pull requests, their "
                       "comments, approval rules or triggers: list the open pull requests now "
                       "and recreate what the team needs. The credential helper signs with the "
                       "account whose credentials are in use (AWS_PROFILE).")
            .arg(markdownLabel(r), targetText(s)) +
        commands(setup +
                 QStringLiteral("git config --global credential.helper '!aws codecommit "
                                "credential-helper $@'\ngit config --global credential.UseHttpPath "
                                "true\n# source account\ngit clone --mirror \"$SOURCE_URL\" "
                                "mirror.git\n") +
                 push);
    RunbookStep &again = b.add(Stage::DayBefore, QStringLiteral("resync-repository"), id, id,
                               QStringLiteral("Push what changed in %1 since").arg(name));
    again.plannedMinutes = 15;
    again.instructions = QStringLiteral("The mirror takes the new commits, and deleted branches "
                                        "are deleted on the target too.") +
                         commands(setup + fetch + push);
    RunbookStep &last = b.add(Stage::Data, QStringLiteral("final-mirror"), id, id,
                              QStringLiteral("Final mirror of %1 and compare every ref").arg(name));
    last.plannedMinutes = 15;
    last.instructions =
        QStringLiteral("Pushes to the source have stopped (tell the developers, or deny "
                       "`codecommit:GitPush` on it): the last push, then every branch and tag "
                       "points at the same commit on both sides. Do not go on until `diff` "
                       "prints nothing.") +
        commands(setup + fetch + push +
                 QStringLiteral("\n# source account\ngit ls-remote \"$SOURCE_URL\" | sort > "
                                "source-refs.txt\n# target account\ngit ls-remote "
                                "\"$TARGET_URL\" | sort > target-refs.txt\ndiff source-refs.txt "
                                "target-refs.txt && echo same"));
    RunbookStep &undo = b.addRollback(last.id, QStringLiteral("keep-source-repository"),
                                      QStringLiteral("Keep %1 as the repository").arg(name));
    undo.plannedMinutes = 5;
    undo.instructions = QStringLiteral("The source still holds every commit; point the "
                                       "developers' remotes and the pipelines back at it.");
}

} // namespace Ferry::RunbookGenerator
