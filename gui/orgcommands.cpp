// SPDX-License-Identifier: MIT
// `ferry org`: the plan's target organization edited from the command line — accounts and
// organizational units added, renamed, changed and removed (docs/exports.md, "Organization"). What
// the account dialog edits, for scripts; every change is checked before the plan is written.
#include "clisupport.h"

#include "plan.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace Ferry::CommandLine {

namespace {

QStringList commaList(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        if (const QString t = part.trimmed(); !t.isEmpty() && !items.contains(t))
            items.append(t);
    items.sort();
    return items;
}

/// True when making `parent` the parent of unit `id` would close a cycle.
bool wouldCycle(const Organization &org, const QString &id, const QString &parent)
{
    QString at = parent;
    for (int hops = 0; !at.isEmpty() && hops <= org.units.size(); ++hops) {
        if (at == id)
            return true;
        const OrganizationalUnit *u = org.unit(at);
        at = u ? u->parentId : QString();
    }
    return false;
}

void printOrganization(const Organization &org)
{
    out() << "organization " << org.name << '\n';
    // A unit or account whose parent is not a unit of the organization sits at the root.
    auto parentOf = [&](const QString &id) {
        return org.unit(id) ? id : QString();
    };
    std::function<void(const QString &, int)> print = [&](const QString &parent, int depth) {
        if (depth > org.units.size() + 1)
            return; // a cycle in a hand-edited plan
        const QString indent(depth * 2, u' ');
        for (const OrganizationalUnit &u : org.units) {
            if (u.id == parent || parentOf(u.parentId) != parent)
                continue;
            out() << indent << "unit " << u.id << " (" << u.name << ")";
            if (!u.policies.isEmpty())
                out() << " policies: " << u.policies.join(QStringLiteral(", "));
            out() << '\n';
            print(u.id, depth + 1);
        }
        for (const Account &a : org.accounts) {
            if (parentOf(a.unitId) != parent)
                continue;
            out() << indent << "account " << a.id << " (" << a.name << ", "
                  << environmentName(a.environment) << ", " << a.region;
            if (a.cloud != TargetCloud::Aws)
                out() << ", " << targetCloudName(a.cloud);
            if (!a.awsAccountId.isEmpty())
                out() << ", " << a.awsAccountId;
            if (!a.email.isEmpty())
                out() << ", " << a.email;
            out() << ")";
            if (!a.roles.isEmpty())
                out() << " roles: " << a.roles.join(QStringLiteral(", "));
            out() << '\n';
        }
    };
    print(QString(), 1);
}

} // namespace

int runOrg(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("PLAN"),
                            QStringLiteral("Plan file (updated in place)."));
    p.addPositionalArgument(QStringLiteral("ACTION"),
                            QStringLiteral("add-account, add-unit, rename, remove or set; none "
                                           "lists the organization."));
    p.addPositionalArgument(QStringLiteral("NAME|ID"),
                            QStringLiteral("add-*: the new name; rename, remove, set: the id."));
    const QCommandLineOption unit(
        QStringLiteral("unit"), QStringLiteral("Account: the OU it sits in (id; empty: the root)."),
        QStringLiteral("OU"));
    const QCommandLineOption parent(QStringLiteral("parent"),
                                    QStringLiteral("OU: its parent OU (id; empty: the root)."),
                                    QStringLiteral("OU"));
    const QCommandLineOption environment(
        QStringLiteral("environment"),
        QStringLiteral("Account: production, staging, development, shared-services, security or "
                       "sandbox."),
        QStringLiteral("ENV"));
    const QCommandLineOption region(
        QStringLiteral("region"),
        QStringLiteral("Account: its default region (AWS: eu-west-1; DigitalOcean: ams3)."),
        QStringLiteral("REGION"));
    const QCommandLineOption cloud(
        QStringLiteral("cloud"),
        QStringLiteral("Account: aws (an AWS account, the default) or digitalocean (a "
                       "DigitalOcean team; no OU, account id, e-mail or roles)."),
        QStringLiteral("CLOUD"));
    const QCommandLineOption accountId(
        QStringLiteral("account-id"),
        QStringLiteral("Account: the 12-digit id of an account that exists already (empty: a new "
                       "account)."),
        QStringLiteral("ID"));
    const QCommandLineOption email(QStringLiteral("email"),
                                   QStringLiteral("Account: the root user's e-mail address."),
                                   QStringLiteral("ADDRESS"));
    const QCommandLineOption roles(
        QStringLiteral("roles"),
        QStringLiteral("Account: the roles people take in it, comma-separated (administrator, "
                       "read-only, developer, billing or the team's own; empty: none)."),
        QStringLiteral("LIST"));
    const QCommandLineOption policies(
        QStringLiteral("policies"),
        QStringLiteral("OU: Service Control Policies, comma-separated (deny-leaving-organization, "
                       "deny-disabling-cloudtrail; empty: none)."),
        QStringLiteral("LIST"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("rename: the new name."),
                                  QStringLiteral("NAME"));
    p.addOptions(
        {unit, parent, environment, region, cloud, accountId, email, roles, policies, name});
    if (int rc =
            parse(p, args,
                  QStringLiteral("The plan's target organization edited from the command "
                                 "line.\n"
                                 "  ferry org PLAN\n"
                                 "  ferry org PLAN add-account NAME [--unit OU] "
                                 "[--environment ENV] [--region R] [--cloud C] [--account-id ID] "
                                 "[--email E] [--roles LIST]\n"
                                 "  ferry org PLAN add-unit NAME [--parent OU] "
                                 "[--policies LIST]\n"
                                 "  ferry org PLAN rename ID --name NAME\n"
                                 "  ferry org PLAN remove ID\n"
                                 "  ferry org PLAN set ID [the options of add-account or "
                                 "add-unit]"));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return usageError(p, QStringLiteral("ferry org needs a plan file"));
    Plan plan;
    if (!loadPlan(pos[0], &plan))
        return BadInput;
    Organization &org = plan.organization;
    if (pos.size() == 1) {
        printOrganization(org);
        return Success;
    }
    const QString action = pos[1];
    static const QStringList actions = {QStringLiteral("add-account"), QStringLiteral("add-unit"),
                                        QStringLiteral("rename"), QStringLiteral("remove"),
                                        QStringLiteral("set")};
    if (!actions.contains(action) || pos.size() != 3)
        return usageError(p, QStringLiteral("usage: ferry org PLAN [add-account NAME | add-unit "
                                            "NAME | rename ID | remove ID | set ID]"));
    const QString subject = pos[2].trimmed();

    // Options checked before anything changes; a bad one leaves the plan as it was.
    auto refuse = [&](const QString &message) {
        return usageError(p, message);
    };
    auto checkUnitRef = [&](const QCommandLineOption &o) {
        return !p.isSet(o) || p.value(o).isEmpty() || org.unit(p.value(o));
    };
    if (!checkUnitRef(unit) || !checkUnitRef(parent))
        return refuse(QStringLiteral("no organizational unit with that id (ferry org PLAN lists "
                                     "them)"));
    Environment env = Environment::Development;
    if (p.isSet(environment) && !parseEnvironment(p.value(environment), &env))
        return refuse(QStringLiteral("unknown environment '%1'").arg(p.value(environment)));
    TargetCloud targetCloud = TargetCloud::Aws;
    if (p.isSet(cloud) && !parseTargetCloud(p.value(cloud), &targetCloud))
        return refuse(
            QStringLiteral("unknown cloud '%1' (aws or digitalocean)").arg(p.value(cloud)));
    if (p.isSet(accountId) && !p.value(accountId).isEmpty() && !isAwsAccountId(p.value(accountId)))
        return refuse(QStringLiteral("an AWS account id is 12 digits"));
    if (p.isSet(email) && !p.value(email).isEmpty() && !isEmailAddress(p.value(email)))
        return refuse(QStringLiteral("'%1' is not an e-mail address").arg(p.value(email)));
    const QStringList policyList = commaList(p.value(policies));
    for (const QString &scp : policyList)
        if (std::none_of(serviceControlPolicies().cbegin(), serviceControlPolicies().cend(),
                         [&](const ServiceControlPolicy &s) { return s.name == scp; }))
            return refuse(QStringLiteral("unknown policy '%1'").arg(scp));
    const bool accountOptions = p.isSet(unit) || p.isSet(environment) || p.isSet(region) ||
                                p.isSet(cloud) || p.isSet(accountId) || p.isSet(email) ||
                                p.isSet(roles);
    const bool unitOptions = p.isSet(parent) || p.isSet(policies);

    auto applyAccount = [&](Account &a) -> int {
        if (p.isSet(cloud) && targetCloud != a.cloud) {
            // The services of its mappings are the old cloud's provider types.
            const bool mapped =
                std::any_of(plan.mappings.cbegin(), plan.mappings.cend(),
                            [&](const auto &m) { return m.second.accountId == a.id; });
            if (mapped) {
                err() << "ferry org: account " << a.id
                      << " has mapped resources: map them elsewhere before changing its cloud\n";
                return Failed;
            }
            a.cloud = targetCloud;
            if (!p.isSet(region))
                a.region = targetCloud == TargetCloud::DigitalOcean ? QStringLiteral("nyc3")
                                                                    : QStringLiteral("us-east-1");
        }
        if (p.isSet(unit))
            a.unitId = p.value(unit);
        if (p.isSet(environment))
            a.environment = env;
        if (p.isSet(region))
            a.region = p.value(region);
        if (p.isSet(accountId))
            a.awsAccountId = p.value(accountId);
        if (p.isSet(email))
            a.email = p.value(email);
        if (p.isSet(roles))
            a.roles = commaList(p.value(roles));
        if (a.cloud == TargetCloud::DigitalOcean) {
            if (!isDigitalOceanRegion(a.region)) {
                err() << "ferry org: '" << a.region
                      << "' is not a DigitalOcean region such as nyc3 or ams3\n";
                return BadInput;
            }
            if (!a.unitId.isEmpty() || !a.awsAccountId.isEmpty() || !a.email.isEmpty() ||
                !a.roles.isEmpty()) {
                err() << "ferry org: account " << a.id
                      << " is a DigitalOcean team: OUs, AWS account ids, e-mail addresses and "
                         "roles are AWS's\n";
                return BadInput;
            }
        } else if (!isAwsRegion(a.region)) {
            err() << "ferry org: '" << a.region << "' is not an AWS region such as eu-west-1\n";
            return BadInput;
        }
        for (const Account &other : std::as_const(org.accounts)) {
            if (other.id == a.id)
                continue;
            if (!a.awsAccountId.isEmpty() && other.awsAccountId == a.awsAccountId) {
                err() << "ferry org: account " << other.id << " has AWS account id "
                      << a.awsAccountId << " already\n";
                return Failed;
            }
            if (!a.email.isEmpty() && other.email.compare(a.email, Qt::CaseInsensitive) == 0) {
                err() << "ferry org: account " << other.id << " has e-mail address " << a.email
                      << " already (each account's root e-mail must be unique)\n";
                return Failed;
            }
        }
        return Success;
    };
    auto applyUnit = [&](OrganizationalUnit &u) -> bool {
        if (p.isSet(parent)) {
            if (wouldCycle(org, u.id, p.value(parent))) {
                err() << "ferry org: unit " << p.value(parent) << " is inside " << u.id
                      << ": the units would form a cycle\n";
                return false;
            }
            u.parentId = p.value(parent);
        }
        if (p.isSet(policies))
            u.policies = policyList;
        return true;
    };

    QString done;
    if (action == QLatin1String("add-account") || action == QLatin1String("add-unit")) {
        if (subject.isEmpty())
            return refuse(QStringLiteral("a name is needed"));
        const QString id = org.uniqueId(subject);
        if (action == QLatin1String("add-account")) {
            if (unitOptions)
                return refuse(QStringLiteral("--parent and --policies are for units"));
            Account a;
            a.id = id;
            a.name = subject;
            org.accounts.append(a);
            if (int rc = applyAccount(org.accounts.last()))
                return rc;
            done = QStringLiteral("Added account %1 (id %2)").arg(subject, id);
        } else {
            if (accountOptions)
                return refuse(QStringLiteral("--unit, --environment, --region, --cloud, "
                                             "--account-id, --email and --roles are for "
                                             "accounts"));
            OrganizationalUnit u;
            u.id = id;
            u.name = subject;
            org.units.append(u);
            if (!applyUnit(org.units.last()))
                return Failed;
            done = QStringLiteral("Added unit %1 (id %2)").arg(subject, id);
        }
    } else {
        Account *a = org.account(subject);
        OrganizationalUnit *u = nullptr;
        for (OrganizationalUnit &candidate : org.units)
            if (candidate.id == subject)
                u = &candidate;
        if (!a && !u) {
            err() << "ferry org: the organization has no account or unit with id " << subject
                  << " (ferry org PLAN lists them)\n";
            return BadInput;
        }
        if (action == QLatin1String("rename")) {
            const QString newName = p.value(name).trimmed();
            if (newName.isEmpty())
                return refuse(QStringLiteral("rename needs --name NAME"));
            (a ? a->name : u->name) = newName;
            done = QStringLiteral("Renamed %1 to %2 (its id stays)").arg(subject, newName);
        } else if (action == QLatin1String("set")) {
            if ((a && unitOptions) || (u && accountOptions))
                return refuse(a ? QStringLiteral("--parent and --policies are for units")
                                : QStringLiteral("--unit, --environment, --region, --cloud, "
                                                 "--account-id, --email and --roles are for "
                                                 "accounts"));
            if (int rc = a ? applyAccount(*a) : (applyUnit(*u) ? Success : Failed))
                return rc;
            done = QStringLiteral("Changed %1").arg(subject);
        } else if (a) {
            // An account that resources or runbook steps name stays: removing it would lose
            // their mappings or make the plan unreadable.
            int mapped = 0;
            for (const auto &[id, m] : plan.mappings)
                mapped += m.accountId == subject ? 1 : 0;
            int steps = 0;
            if (plan.runbook)
                for (const auto &[id, s] : plan.runbook->steps)
                    steps += s.account == subject ? 1 : 0;
            if (mapped > 0 || steps > 0) {
                err() << "ferry org: account " << subject << " has " << mapped
                      << " mapped resources and " << steps
                      << " runbook steps: map them elsewhere first (ferry map, ferry unmap)\n";
                return Failed;
            }
            org.accounts.removeIf([&](const Account &x) { return x.id == subject; });
            done = QStringLiteral("Removed account %1").arg(subject);
        } else {
            const bool hasChildren =
                std::any_of(org.units.cbegin(), org.units.cend(),
                            [&](const OrganizationalUnit &x) { return x.parentId == subject; }) ||
                std::any_of(org.accounts.cbegin(), org.accounts.cend(),
                            [&](const Account &x) { return x.unitId == subject; });
            if (hasChildren) {
                err() << "ferry org: unit " << subject
                      << " still holds units or accounts: move them first (ferry org PLAN set "
                         "ID --unit/--parent)\n";
                return Failed;
            }
            org.units.removeIf([&](const OrganizationalUnit &x) { return x.id == subject; });
            done = QStringLiteral("Removed unit %1").arg(subject);
        }
    }
    if (!savePlan(plan, pos[0]))
        return BadInput;
    out() << done << " in " << pos[0] << '\n';
    return Success;
}

} // namespace Ferry::CommandLine
