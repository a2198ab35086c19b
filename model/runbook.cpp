// SPDX-License-Identifier: MIT
#include "runbook.h"

#include "escaping.h"
#include "resourcekind.h"
#include "hclwriter.h"
#include "terraformexport.h"

#include <QSet>

#include <algorithm>

#include <set>

namespace Ferry::Runbook {

namespace {

/// Numbered steps of one phase.
class Phase
{
public:
    Phase(int number, QString title)
        : m_number(number)
        , m_title(std::move(title))
    {}
    /// Adds a step; returns its number ("4.3").
    QString step(const QString &text)
    {
        const QString n = QString::number(m_number) + u'.' + QString::number(++m_count);
        m_body += QStringLiteral("- [ ] **") + n + QStringLiteral("** ") + text + u'\n';
        return n;
    }
    void heading(const QString &text)
    {
        if (!m_body.isEmpty())
            m_body += u'\n';
        m_body += QStringLiteral("### ") + text + QStringLiteral("\n\n");
    }
    void note(const QString &text) { m_body += text + u'\n'; }
    QString markdown() const
    {
        QString body = m_body;
        if (m_count == 0)
            body += QStringLiteral("_No steps: nothing mapped needs this phase._\n");
        return QStringLiteral("## %1. %2\n\n").arg(m_number).arg(m_title) + body;
    }

private:
    int m_number;
    QString m_title;
    QString m_body;
    int m_count = 0;
};

QString code(const QString &s)
{
    return Escape::markdownCode(s);
}

QString label(const Plan &plan, const QString &id)
{
    const Resource *r = plan.resource(id);
    if (!r)
        return code(id);
    return QStringLiteral("%1 %2 (%3)").arg(typeLabel(r->type), code(r->name), code(r->id));
}

/// The command that runs the plan's checks of `kinds` for resource `id` (its target side), as
/// `ferry check <plan file> --only ID…`; empty when the plan has none.
QString checkCommand(const Plan &plan, const QString &id, std::initializer_list<CheckKind> kinds)
{
    QString only;
    for (const auto &[checkId, c] : plan.checks)
        if (c.resource == id && c.side == QLatin1String("target") &&
            std::find(kinds.begin(), kinds.end(), c.kind) != kinds.end())
            only += QStringLiteral(" --only ") + Escape::shellWord(checkId);
    return only.isEmpty() ? QString() : code(QStringLiteral("ferry check <plan file>") + only);
}

/// " (s)", or nothing when `s` is empty.
QString parenthesized(const QString &s)
{
    return s.isEmpty() ? QString() : QStringLiteral(" (") + s + u')';
}

QString accountName(const Plan &plan, const QString &accountId)
{
    const Account *a = plan.organization.account(accountId);
    return a ? a->name : accountId;
}

} // namespace

QString generateMarkdown(const Plan &plan, const QDate &generatedOn)
{
    QString md;
    md += QStringLiteral("# Cutover runbook: ") + Escape::markdownText(plan.name) +
          QStringLiteral("\n\n");
    md += QStringLiteral(
              "Plan started %1; runbook generated %2 by Ferry. Tick each step as it is done; "
              "do not skip a verification step.\n\n")
              .arg(plan.created.toString(Qt::ISODate), generatedOn.toString(Qt::ISODate));

    // Summary: resources per account and wave.
    std::set<int> waves;
    for (const auto &[id, m] : plan.mappings)
        waves.insert(m.wave);
    md += QStringLiteral("## Summary\n\n| Account | Environment |");
    for (int w : waves)
        md += QStringLiteral(" Wave %1 |").arg(w);
    md += QStringLiteral(" Total |\n|---|---|");
    for (size_t i = 0; i < waves.size(); ++i)
        md += QStringLiteral("---:|");
    md += QStringLiteral("---:|\n");
    for (const Account &a : plan.organization.accounts) {
        const QStringList ids = plan.resourcesInAccount(a.id);
        md += QStringLiteral("| %1 | %2 |")
                  .arg(Escape::markdownText(a.name), environmentLabel(a.environment));
        for (int w : waves) {
            int n = 0;
            for (const QString &id : ids)
                n += plan.mapping(id)->wave == w ? 1 : 0;
            md += QStringLiteral(" %1 |").arg(n);
        }
        md += QStringLiteral(" %1 |\n").arg(ids.size());
    }
    const QStringList unmapped = plan.unmappedResources();
    md += QStringLiteral("\nMapped resources: %1. Unmapped resources: %2.\n\n")
              .arg(plan.mappings.size())
              .arg(unmapped.size());
    if (!unmapped.isEmpty()) {
        md += QStringLiteral("Unmapped resources are not part of this runbook:\n\n");
        for (const QString &id : unmapped)
            md += QStringLiteral("- ") + label(plan, id) + u'\n';
        md += u'\n';
    }

    // Mapped resources by wave, then id; retained and retired ones set aside.
    std::map<int, QStringList> byWave;
    QStringList retired, retained;
    for (const auto &[id, m] : plan.mappings) {
        if (m.strategy == Strategy::Retire)
            retired.append(id);
        else if (m.strategy == Strategy::Retain)
            retained.append(id);
        else
            byWave[m.wave].append(id);
    }
    auto target = [&](const QString &id) {
        const Mapping *m = plan.mapping(id);
        return QStringLiteral("%1 in account %2")
            .arg(code(m->targetService.isEmpty() ? QStringLiteral("(service to be chosen)")
                                                 : m->targetService),
                 code(accountName(plan, m->accountId)));
    };

    Phase prep(1, QStringLiteral("Preparation"));
    Phase week(2, QStringLiteral("Week before"));
    Phase day(3, QStringLiteral("Day before"));
    Phase cut(4, QStringLiteral("Cutover day"));
    Phase verify(5, QStringLiteral("Verification"));
    Phase rollback(6, QStringLiteral("Rollback"));
    Phase cleanup(7, QStringLiteral("Cleanup"));

    const QHash<QString, QString> folders = TerraformExport::accountFolders(plan.organization);
    QSet<QString> accountsUsed;
    for (const auto &[id, m] : plan.mappings)
        accountsUsed.insert(m.accountId);
    for (const Account &a : plan.organization.accounts) {
        if (!accountsUsed.contains(a.id))
            continue;
        prep.step(QStringLiteral("Confirm account %1 (%2, %3) exists in the organization and you "
                                 "can assume its role.")
                      .arg(code(a.name), environmentLabel(a.environment), code(a.region)));
        prep.step(
            QStringLiteral("Apply the Terraform stubs in folder %1 after resolving every `# TODO`.")
                .arg(code(folders.value(a.id) + u'/')));
    }
    prep.step(QStringLiteral("Agree the cutover window, the go/no-go owner and the rollback "
                             "deadline; share this runbook."));
    if (!retained.isEmpty()) {
        prep.note(QStringLiteral("\nRetained (stay where they are, no steps):\n"));
        for (const QString &id : retained)
            prep.note(QStringLiteral("- ") + label(plan, id));
    }

    struct Cut
    {
        QString number;
        QString undo;
    };
    std::vector<Cut> cutSteps;
    for (const auto &[wave, ids] : byWave) {
        cut.heading(QStringLiteral("Wave %1").arg(wave));
        QStringList records, databases, caches, buckets, volumes, compute, lbs, addresses;
        for (const QString &id : ids) {
            switch (categoryOf(*plan.resource(id))) {
            case ResourceCategory::DnsRecord:
                records.append(id);
                break;
            case ResourceCategory::Database:
                databases.append(id);
                break;
            case ResourceCategory::Cache:
                caches.append(id);
                break;
            case ResourceCategory::Bucket:
            case ResourceCategory::Cdn:
                buckets.append(id);
                break;
            case ResourceCategory::Volume:
                volumes.append(id);
                break;
            case ResourceCategory::Compute:
            case ResourceCategory::Application:
            case ResourceCategory::Kubernetes:
                compute.append(id);
                break;
            case ResourceCategory::LoadBalancer:
                lbs.append(id);
                break;
            case ResourceCategory::Address:
                addresses.append(id);
                break;
            default:
                break;
            }
        }
        for (const QString &id : records) {
            const Resource *r = plan.resource(id);
            const QString sourceTtl = r->attributes.value(QStringLiteral("ttl"));
            const QString ttl = sourceTtl.isEmpty()           ? QStringLiteral("its current value")
                                : HclWriter::isNumber(sourceTtl) ? sourceTtl + QStringLiteral(" s")
                                                                 : code(sourceTtl);
            week.step(QStringLiteral("Wave %1: lower the TTL of %2 from %3 to 60 s, at least 48 "
                                     "hours before cutover.")
                          .arg(wave)
                          .arg(label(plan, id), ttl));
        }
        for (const QString &id : databases) {
            week.step(QStringLiteral(
                          "Wave %1: start replication from %2 to %3; note the replication slot.")
                          .arg(wave)
                          .arg(label(plan, id), target(id)));
            day.step(QStringLiteral("Wave %1: check replication lag of %2 stays under 60 s; run "
                                    "the schema and row-count checks.")
                         .arg(wave)
                         .arg(label(plan, id)));
        }
        for (const QString &id : caches)
            week.step(
                QStringLiteral(
                    "Wave %1: create %2 for %3; decide whether its data is copied or rebuilt.")
                    .arg(wave)
                    .arg(target(id), label(plan, id)));
        for (const QString &id : buckets) {
            week.step(QStringLiteral("Wave %1: run the initial sync of %2 to %3.")
                          .arg(wave)
                          .arg(label(plan, id), target(id)));
            day.step(QStringLiteral("Wave %1: re-sync %2 and compare object counts and sizes.")
                         .arg(wave)
                         .arg(label(plan, id)));
        }
        for (const QString &id : volumes)
            week.step(QStringLiteral("Wave %1: snapshot %2 and restore it into %3 for a test copy.")
                          .arg(wave)
                          .arg(label(plan, id), target(id)));
        for (const QString &id : compute)
            week.step(QStringLiteral("Wave %1: build %2 for %3 and deploy the application to it "
                                     "with the source's configuration.")
                          .arg(wave)
                          .arg(target(id), label(plan, id)));
        for (const QString &id : lbs)
            week.step(QStringLiteral(
                          "Wave %1: create %2 for %3 with the same listeners and health checks.")
                          .arg(wave)
                          .arg(target(id), label(plan, id)));
        day.step(QStringLiteral(
                     "Wave %1: freeze deploys and schema changes; confirm go/no-go for tomorrow.")
                     .arg(wave));

        // Cutover proper.
        for (const QString &id : compute)
            cutSteps.push_back(
                {cut.step(QStringLiteral("Put %1 into maintenance mode and stop writes from it.")
                              .arg(label(plan, id))),
                 QStringLiteral("take %1 out of maintenance mode and restart its writers")
                     .arg(label(plan, id))});
        for (const QString &id : databases + caches) {
            const QString gate = checkCommand(plan, id, {CheckKind::Replication});
            cutSteps.push_back(
                {cut.step(QStringLiteral("Wait until replication from %1 has caught up (lag 0 "
                                         "bytes%3), then stop replication and promote %2.")
                              .arg(label(plan, id), target(id),
                                   gate.isEmpty() ? QString()
                                                  : QStringLiteral(": ") + gate +
                                                        QStringLiteral(" exits 0 once it has"))),
                 QStringLiteral("point applications back at %1, which holds every write made "
                                "before the switch")
                     .arg(label(plan, id))});
            cutSteps.push_back(
                {cut.step(QStringLiteral("Advance sequences on %1 above the source's values; run "
                                         "the data-consistency check.")
                              .arg(target(id))),
                 QStringLiteral("nothing to undo on %1").arg(label(plan, id))});
        }
        for (const QString &id : buckets + volumes)
            cutSteps.push_back(
                {cut.step(
                     QStringLiteral("Final sync of %1 to %2.").arg(label(plan, id), target(id))),
                 QStringLiteral("keep using %1, which still holds every object")
                     .arg(label(plan, id))});
        for (const QString &id : compute + lbs)
            cutSteps.push_back(
                {cut.step(
                     QStringLiteral("Start %1 and check its health endpoints.").arg(target(id))),
                 QStringLiteral("stop %1").arg(target(id))});
        for (const QString &id : addresses)
            cutSteps.push_back(
                {cut.step(QStringLiteral("Replace %1 with %2 wherever it is referenced.")
                              .arg(label(plan, id), target(id))),
                 QStringLiteral("restore %1 as the published address").arg(label(plan, id))});
        QString firstSwitch;
        for (const QString &id : records) {
            const QString n =
                cut.step(QStringLiteral("Switch %1 to %2.").arg(label(plan, id), target(id)) +
                         (firstSwitch.isEmpty()
                              ? QStringLiteral(
                                    " **Point of no return:** once clients write to the target, "
                                    "rolling back loses those writes unless they are copied back.")
                              : QString()));
            if (firstSwitch.isEmpty())
                firstSwitch = n;
            cutSteps.push_back(
                {n, QStringLiteral("point %1 back at its source value").arg(label(plan, id))});
        }
        if (records.isEmpty())
            cutSteps.push_back(
                {cut.step(QStringLiteral("Open the wave %1 targets to traffic. **Point of no "
                                         "return:** writes now go to the target.")
                              .arg(wave)),
                 QStringLiteral("send traffic back to the source services of wave %1").arg(wave)});

        for (const QString &id : ids) {
            const ResourceCategory c = categoryOf(*plan.resource(id));
            if (c == ResourceCategory::Database || c == ResourceCategory::Cache) {
                const QString checks =
                    checkCommand(plan, id, {CheckKind::Postgres, CheckKind::Data});
                verify.step(QStringLiteral("Run the connection and data-consistency checks for %1: "
                                           "row counts, checksums and sequences match%2.")
                                .arg(target(id), parenthesized(checks)));
            } else if (c == ResourceCategory::LoadBalancer || c == ResourceCategory::Compute ||
                       c == ResourceCategory::Application) {
                const QString checks = checkCommand(plan, id, {CheckKind::Tcp});
                verify.step(
                    QStringLiteral("Check %1 answers over TCP, TLS and HTTP as the source did%2.")
                        .arg(target(id), parenthesized(checks)));
            } else if (c == ResourceCategory::DnsRecord)
                verify.step(
                    QStringLiteral("Resolve %1 from outside and confirm it returns the target.")
                        .arg(label(plan, id)));
            else if (c == ResourceCategory::Bucket)
                verify.step(QStringLiteral("Compare object counts of %1 and %2.")
                                .arg(label(plan, id), target(id)));
        }
        verify.step(QStringLiteral("Wave %1: watch error rates and latency for one hour; the "
                                   "go/no-go owner signs off.")
                        .arg(wave));

        for (const QString &id : records)
            cleanup.step(
                QStringLiteral("Restore the TTL of %1 to its usual value.").arg(label(plan, id)));
        for (const QString &id : databases)
            cleanup.step(QStringLiteral("Drop the replication slot and publication used for %1.")
                             .arg(label(plan, id)));
        for (const QString &id : ids)
            cleanup.step(
                QStringLiteral(
                    "After the rollback deadline, take a final backup of %1 and decommission it.")
                    .arg(label(plan, id)));
    }
    if (cutSteps.empty())
        rollback.note(
            QStringLiteral("Nothing to roll back: no resource is scheduled for cutover.\n"));
    else
        rollback.note(
            QStringLiteral("Undo in reverse order, from the last completed cutover step.\n"));
    for (auto it = cutSteps.rbegin(); it != cutSteps.rend(); ++it)
        rollback.step(QStringLiteral("Undo %1: %2.").arg(it->number, it->undo));
    for (const QString &id : retired)
        cleanup.step(
            QStringLiteral("Retire %1: take a final backup and delete it.").arg(label(plan, id)));

    for (const Phase *p : {&prep, &week, &day, &cut, &verify, &rollback, &cleanup})
        md += p->markdown() + u'\n';
    md.chop(1);
    return md;
}

} // namespace Ferry::Runbook
