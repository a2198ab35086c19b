// SPDX-License-Identifier: MIT
#include "planfile.h"

#include "atomicfile.h"
#include "escaping.h"
#include "planyaml.h"
#include "terraformexport.h"
#include "yamlinput.h"

#include <QFile>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace Ferry::PlanFile {

namespace {

using namespace PlanYaml;

void readOrganization(const YAML::Node &n, Organization *org)
{
    expectMap(n, "organization");
    org->units.clear();
    org->accounts.clear();
    for (const auto &kv : n) {
        const std::string &k = kv.first.Scalar();
        if (k == "name") {
            org->name = str(kv.second, "organization name");
        } else if (k == "units") {
            expectSeq(kv.second, "units");
            for (const YAML::Node &u : kv.second) {
                expectMap(u, "unit");
                OrganizationalUnit unit;
                for (const auto &f : u) {
                    const std::string &fk = f.first.Scalar();
                    if (fk == "id")
                        unit.id = str(f.second, "unit id");
                    else if (fk == "name")
                        unit.name = str(f.second, "unit name");
                    else if (fk == "parent")
                        unit.parentId = str(f.second, "unit parent");
                    else if (fk == "policies") {
                        unit.policies = stringList(f.second, "unit policies");
                        for (const QString &name : std::as_const(unit.policies))
                            if (std::none_of(serviceControlPolicies().cbegin(),
                                             serviceControlPolicies().cend(),
                                             [&](const ServiceControlPolicy &scp) {
                                                 return scp.name == name;
                                             }))
                                throw ReadError{f.second.Mark(),
                                                QStringLiteral("unknown policy '%1'").arg(name)};
                    }
                }
                if (unit.id.isEmpty())
                    throw ReadError{u.Mark(), QStringLiteral("unit without id")};
                if (org->unit(unit.id))
                    throw ReadError{u.Mark(),
                                    QStringLiteral("duplicate unit id '%1'").arg(unit.id)};
                org->units.append(unit);
            }
        } else if (k == "accounts") {
            expectSeq(kv.second, "accounts");
            for (const YAML::Node &a : kv.second) {
                expectMap(a, "account");
                Account acct;
                for (const auto &f : a) {
                    const std::string &fk = f.first.Scalar();
                    if (fk == "id")
                        acct.id = str(f.second, "account id");
                    else if (fk == "name")
                        acct.name = str(f.second, "account name");
                    else if (fk == "unit")
                        acct.unitId = str(f.second, "account unit");
                    else if (fk == "region") {
                        acct.region = str(f.second, "account region");
                        // Regions reach runbook commands and Terraform: only a region's
                        // characters (AWS's us-east-1, DigitalOcean's nyc3) are taken.
                        for (QChar c : std::as_const(acct.region))
                            if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') ||
                                  c == u'-'))
                                throw ReadError{f.second.Mark(),
                                                QStringLiteral("account region '%1' is not a "
                                                               "region (lowercase letters, "
                                                               "digits and hyphens)")
                                                    .arg(Escape::visible(acct.region))};
                    } else if (fk == "cloud") {
                        if (!parseTargetCloud(str(f.second, "account cloud"), &acct.cloud))
                            throw ReadError{f.second.Mark(),
                                            QStringLiteral("unknown cloud '%1' (aws or "
                                                           "digitalocean)")
                                                .arg(QString::fromStdString(f.second.Scalar()))};
                    } else if (fk == "aws_account_id") {
                        acct.awsAccountId = str(f.second, "AWS account id");
                        if (!isAwsAccountId(acct.awsAccountId))
                            throw ReadError{f.second.Mark(),
                                            QStringLiteral("an AWS account id is 12 digits")};
                    } else if (fk == "email")
                        acct.email = str(f.second, "account e-mail");
                    else if (fk == "roles") {
                        acct.roles = stringList(f.second, "account roles");
                        acct.roles.sort();
                        acct.roles.removeDuplicates();
                    } else if (fk == "environment") {
                        if (!parseEnvironment(str(f.second, "environment"), &acct.environment))
                            throw ReadError{f.second.Mark(),
                                            QStringLiteral("unknown environment '%1'")
                                                .arg(QString::fromStdString(f.second.Scalar()))};
                    }
                }
                if (acct.id.isEmpty())
                    throw ReadError{a.Mark(), QStringLiteral("account without id")};
                if (org->account(acct.id) || org->unit(acct.id))
                    throw ReadError{a.Mark(),
                                    QStringLiteral("duplicate account id '%1'").arg(acct.id)};
                if (acct.name.isEmpty())
                    acct.name = acct.id;
                if (acct.cloud == TargetCloud::DigitalOcean &&
                    (!acct.unitId.isEmpty() || !acct.awsAccountId.isEmpty() ||
                     !acct.email.isEmpty() || !acct.roles.isEmpty()))
                    throw ReadError{a.Mark(),
                                    QStringLiteral("account '%1' is in DigitalOcean: unit, "
                                                   "aws_account_id, email and roles are AWS's")
                                        .arg(acct.id)};
                org->accounts.append(acct);
            }
        }
    }
}

Resource readResource(const YAML::Node &n)
{
    expectMap(n, "resource");
    Resource r;
    for (const auto &kv : n) {
        const std::string &k = kv.first.Scalar();
        const YAML::Node &v = kv.second;
        if (k == "id")
            r.id = str(v, "id");
        else if (k == "provider")
            r.provider = str(v, "provider");
        else if (k == "type")
            r.type = str(v, "type");
        else if (k == "name")
            r.name = str(v, "name");
        else if (k == "region")
            r.region = str(v, "region");
        else if (k == "size")
            r.size = str(v, "size");
        else if (k == "source")
            r.sourceFile = str(v, "source");
        else if (k == "address")
            r.sourceAddress = str(v, "address");
        else if (k == "tags")
            r.tags = stringMap(v, "tags");
        else if (k == "attributes")
            r.attributes = stringMap(v, "attributes");
    }
    if (r.id.isEmpty())
        throw ReadError{n.Mark(), QStringLiteral("resource without id")};
    if (r.type.isEmpty())
        throw ReadError{n.Mark(), QStringLiteral("resource '%1' has no type").arg(r.id)};
    return r;
}

void readPlan(const YAML::Node &root, Plan *plan)
{
    if (!root.IsMap())
        throw ReadError{root.Mark(), QStringLiteral("a plan file must be a YAML mapping")};
    const YAML::Node version = root["ferry_plan"];
    if (!version)
        throw ReadError{root.Mark(),
                        QStringLiteral("not a Ferry plan: no 'ferry_plan' version key")};
    if (integer(version, "ferry_plan") != FormatVersion)
        throw ReadError{version.Mark(),
                        QStringLiteral("unsupported plan format version %1 (this Ferry reads %2)")
                            .arg(QString::fromStdString(version.Scalar()))
                            .arg(FormatVersion)};
    YAML::Node mappingsNode, checksNode, wavesNode, runbookNode;
    bool hasRunbook = false;
    for (const auto &kv : root) {
        const std::string &k = kv.first.Scalar();
        const YAML::Node &v = kv.second;
        if (k == "name") {
            plan->name = str(v, "name");
        } else if (k == "created") {
            plan->created = QDate::fromString(str(v, "created"), Qt::ISODate);
            if (!plan->created.isValid())
                throw ReadError{v.Mark(), QStringLiteral("created must be a date (YYYY-MM-DD)")};
        } else if (k == "organization") {
            readOrganization(v, &plan->organization);
        } else if (k == "resources") {
            expectSeq(v, "resources");
            for (const YAML::Node &rn : v) {
                Resource r = readResource(rn);
                auto [it, inserted] = plan->inventory.resources.emplace(r.id, std::move(r));
                if (!inserted)
                    throw ReadError{rn.Mark(),
                                    QStringLiteral("duplicate resource id '%1'").arg(it->first)};
            }
        } else if (k == "dependencies") {
            expectSeq(v, "dependencies");
            for (const YAML::Node &dn : v) {
                expectMap(dn, "dependency");
                Dependency d;
                for (const auto &f : dn) {
                    const std::string &fk = f.first.Scalar();
                    if (fk == "from")
                        d.from = str(f.second, "from");
                    else if (fk == "to")
                        d.to = str(f.second, "to");
                    else if (fk == "reason")
                        d.reason = str(f.second, "reason");
                    else if (fk == "kind" && !parseDependencyKind(str(f.second, "kind"), &d.kind))
                        throw ReadError{f.second.Mark(),
                                        QStringLiteral("unknown dependency kind '%1'")
                                            .arg(QString::fromStdString(f.second.Scalar()))};
                }
                plan->inventory.dependencies.push_back(std::move(d));
            }
        } else if (k == "mappings") {
            expectSeq(v, "mappings");
            mappingsNode = v;
        } else if (k == "checks") {
            expectSeq(v, "checks");
            checksNode = v;
        } else if (k == "waves") {
            expectSeq(v, "waves");
            wavesNode = v;
            hasRunbook = true;
        } else if (k == "runbook") {
            expectSeq(v, "runbook");
            runbookNode = v;
            hasRunbook = true;
        }
    }
    // Checks after the resources they may belong to.
    for (const YAML::Node &cn : checksNode) {
        expectMap(cn, "check");
        Check c;
        for (const auto &f : cn) {
            const std::string &fk = f.first.Scalar();
            if (fk == "id")
                c.id = str(f.second, "id");
            else if (fk == "target")
                c.target = str(f.second, "target");
            else if (fk == "resource")
                c.resource = str(f.second, "resource");
            else if (fk == "side")
                c.side = str(f.second, "side");
            else if (fk == "timeout")
                c.timeoutSeconds = integer(f.second, "timeout");
            else if (fk == "expect")
                c.expect = stringMap(f.second, "expect");
            else if (fk == "kind" && !parseCheckKind(str(f.second, "kind"), &c.kind))
                throw ReadError{f.second.Mark(),
                                QStringLiteral("unknown check kind '%1' (expected dns, tcp, tls, "
                                               "http, postgres, data or replication)")
                                    .arg(QString::fromStdString(f.second.Scalar()))};
        }
        if (c.id.isEmpty() || c.target.isEmpty())
            throw ReadError{cn.Mark(), QStringLiteral("a check needs an id and a target")};
        if (!c.resource.isEmpty() && !plan->resource(c.resource))
            throw ReadError{cn.Mark(), QStringLiteral("check '%1' belongs to unknown resource '%2'")
                                           .arg(c.id, c.resource)};
        if (const QString secret = checkTargetSecretProblem(c); !secret.isEmpty())
            throw ReadError{cn.Mark(), secret};
        if (plan->checks.count(c.id))
            throw ReadError{cn.Mark(), QStringLiteral("duplicate check id '%1'").arg(c.id)};
        plan->checks.emplace(c.id, c);
    }
    // Mappings last: they refer to resources and accounts read above.
    for (const YAML::Node &mn : mappingsNode) {
        expectMap(mn, "mapping");
        Mapping m;
        for (const auto &f : mn) {
            const std::string &fk = f.first.Scalar();
            if (fk == "resource")
                m.resourceId = str(f.second, "resource");
            else if (fk == "account")
                m.accountId = str(f.second, "account");
            else if (fk == "service")
                m.targetService = str(f.second, "service");
            else if (fk == "wave")
                m.wave = integer(f.second, "wave");
            else if (fk == "endpoint") {
                m.endpoint = str(f.second, "endpoint");
                if (!isEndpoint(m.endpoint))
                    throw ReadError{
                        f.second.Mark(),
                        QStringLiteral("endpoint '%1' is not host or host:port").arg(m.endpoint)};
            } else if (fk == "databases") {
                m.databases = stringList(f.second, "databases");
                std::sort(m.databases.begin(), m.databases.end());
                m.databases.removeDuplicates();
            } else if (fk == "also") {
                m.alsoServices = stringList(f.second, "also");
                for (const QString &service : std::as_const(m.alsoServices))
                    if (!TerraformExport::isTerraformType(service))
                        throw ReadError{f.second.Mark(),
                                        QStringLiteral("'%1' in also is not a Terraform type "
                                                       "name (expected e.g. aws_s3_bucket)")
                                            .arg(service)};
                std::sort(m.alsoServices.begin(), m.alsoServices.end());
                m.alsoServices.removeDuplicates();
            } else if (fk == "strategy" && !parseStrategy(str(f.second, "strategy"), &m.strategy))
                throw ReadError{f.second.Mark(),
                                QStringLiteral("unknown strategy '%1' (expected one of the 7 Rs: "
                                               "rehost, replatform, refactor, repurchase, retire, "
                                               "retain, relocate)")
                                    .arg(QString::fromStdString(f.second.Scalar()))};
        }
        if (!plan->resource(m.resourceId))
            throw ReadError{mn.Mark(),
                            QStringLiteral("mapping for unknown resource '%1'").arg(m.resourceId)};
        if (!plan->organization.account(m.accountId))
            throw ReadError{mn.Mark(),
                            QStringLiteral("mapping to unknown account '%1'").arg(m.accountId)};
        if (plan->mappings.count(m.resourceId))
            throw ReadError{mn.Mark(),
                            QStringLiteral("resource '%1' is mapped twice").arg(m.resourceId)};
        if (m.alsoServices.contains(m.targetService))
            throw ReadError{mn.Mark(), QStringLiteral("mapping of '%1' names its service '%2' in "
                                                      "also too")
                                           .arg(m.resourceId, m.targetService)};
        plan->mappings.emplace(m.resourceId, m);
    }
    if (hasRunbook)
        plan->runbook = readRunbook(wavesNode, runbookNode, [&](const QString &id) {
            return plan->organization.account(id) != nullptr;
        });
    plan->inventory.sortDependencies();
}

} // namespace

QByteArray toYaml(const Plan &plan)
{
    Writer w;
    w.out.reserve(qsizetype(256 + plan.inventory.resources.size() * 400 +
                            plan.inventory.dependencies.size() * 120 + plan.mappings.size() * 120));
    w.out += "# Ferry migration plan. Format: docs/plan-format.md\n";
    w.out += "ferry_plan: ";
    w.out += QByteArray::number(FormatVersion);
    w.out += '\n';
    w.field("", "name", plan.name);
    w.field("", "created", plan.created.toString(Qt::ISODate));

    const Organization &org = plan.organization;
    w.out += "organization:\n";
    w.field("  ", "name", org.name);
    w.out += org.units.isEmpty() ? "  units: []\n" : "  units:\n";
    for (const OrganizationalUnit &u : org.units) {
        w.field("    - ", "id", u.id);
        w.field("      ", "name", u.name);
        w.optionalField("      ", "parent", u.parentId);
        w.list("      ", "policies", "        ", u.policies);
    }
    w.out += org.accounts.isEmpty() ? "  accounts: []\n" : "  accounts:\n";
    for (const Account &a : org.accounts) {
        w.field("    - ", "id", a.id);
        w.field("      ", "name", a.name);
        w.optionalField("      ", "unit", a.unitId);
        w.field("      ", "environment", environmentName(a.environment));
        w.field("      ", "region", a.region);
        // Written only for DigitalOcean, so that plans of AWS accounts read as before.
        if (a.cloud != TargetCloud::Aws)
            w.field("      ", "cloud", targetCloudName(a.cloud));
        w.optionalField("      ", "aws_account_id", a.awsAccountId);
        w.optionalField("      ", "email", a.email);
        w.list("      ", "roles", "        ", a.roles);
    }

    w.out += plan.inventory.resources.empty() ? "resources: []\n" : "resources:\n";
    for (const auto &[id, r] : plan.inventory.resources) {
        w.field("  - ", "id", r.id);
        w.field("    ", "provider", r.provider);
        w.field("    ", "type", r.type);
        w.field("    ", "name", r.name);
        w.optionalField("    ", "region", r.region);
        w.optionalField("    ", "size", r.size);
        w.optionalField("    ", "source", r.sourceFile);
        w.optionalField("    ", "address", r.sourceAddress);
        w.map("    ", "tags", "      ", r.tags);
        w.map("    ", "attributes", "      ", r.attributes);
    }

    w.out += plan.inventory.dependencies.empty() ? "dependencies: []\n" : "dependencies:\n";
    for (const Dependency &d : plan.inventory.dependencies) {
        w.field("  - ", "from", d.from);
        w.field("    ", "to", d.to);
        w.field("    ", "kind", dependencyKindName(d.kind));
        w.optionalField("    ", "reason", d.reason);
    }

    w.out += plan.mappings.empty() ? "mappings: []\n" : "mappings:\n";
    for (const auto &[id, m] : plan.mappings) {
        w.field("  - ", "resource", m.resourceId);
        w.field("    ", "account", m.accountId);
        w.optionalField("    ", "service", m.targetService);
        w.field("    ", "strategy", strategyName(m.strategy));
        w.number("    ", "wave", m.wave);
        w.optionalField("    ", "endpoint", m.endpoint);
        w.list("    ", "databases", "      ", m.databases);
        // A service the mapping has become since (a field edited) is not written twice.
        QStringList also = m.alsoServices;
        also.removeAll(m.targetService);
        w.list("    ", "also", "      ", also);
    }

    // Optional section: plans without checks keep the bytes they had before checks existed.
    if (!plan.checks.empty())
        w.out += "checks:\n";
    for (const auto &[id, c] : plan.checks) {
        w.field("  - ", "id", c.id);
        w.field("    ", "kind", checkKindName(c.kind));
        w.field("    ", "target", c.target);
        w.optionalField("    ", "resource", c.resource);
        w.optionalField("    ", "side", c.side);
        if (c.timeoutSeconds != Check().timeoutSeconds) {
            w.number("    ", "timeout", c.timeoutSeconds);
        }
        w.map("    ", "expect", "      ", c.expect);
    }
    // Optional too: written once the plan holds a runbook (issue #13).
    if (plan.runbook)
        writeRunbook(w, *plan.runbook);
    return w.out;
}

bool fromYaml(const QByteArray &yaml, const QString &fileName, Plan *plan, FileError *error)
{
    Plan result;
    result.organization = Organization();
    result.name.clear();
    if (!YamlInput::checkText(yaml, fileName, error))
        return false;
    try {
        const YAML::Node root = YAML::Load(std::string(yaml.constData(), size_t(yaml.size())));
        readPlan(root, &result);
    } catch (const YAML::Exception &e) {
        *error = YamlInput::fromException(fileName, e);
        return false;
    } catch (const ReadError &e) {
        *error = {fileName, std::max(0, e.mark.line + 1), std::max(0, e.mark.column + 1),
                  e.message};
        return false;
    }
    *plan = std::move(result);
    return true;
}

bool load(const QString &path, Plan *plan, FileError *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = {path, 0, 0, f.errorString()};
        return false;
    }
    return fromYaml(f.readAll(), path, plan, error);
}

bool save(const Plan &plan, const QString &path, FileError *error)
{
    for (const auto &[id, c] : plan.checks)
        if (const QString secret = checkTargetSecretProblem(c); !secret.isEmpty()) {
            *error = {path, 0, 0, secret}; // never written, not even atomically
            return false;
        }
    QString reason;
    if (!writeFileAtomically(path, toYaml(plan), &reason)) {
        *error = {path, 0, 0, reason};
        return false;
    }
    return true;
}

} // namespace Ferry::PlanFile
