// SPDX-License-Identifier: MIT
// The organization folder of the Terraform export (docs/exports.md, "Organization"): applied
// from the management account.
#include "terraformfolders.h"

#include "hclwriter.h"

#include <QHash>

namespace Ferry::TerraformExport {

namespace {

QString q(const QString &s)
{
    return HclWriter::quote(s);
}

/// `{ a = x.a.id, b = x.b.id }` for a `for_each`, keys and expressions given.
void writeForEach(HclWriter &w, const QList<QPair<QString, QString>> &items)
{
    w.object(QStringLiteral("for_each"));
    for (const auto &[key, expr] : items)
        w.attribute(key, expr);
    w.end();
}

/// A permission set name: at most 32 characters of `[\w+=,.@-]` (IAM Identity Center).
QString permissionSetName(const QString &role)
{
    QString name;
    for (QChar c : role)
        if (c.isLetterOrNumber() || QStringLiteral("_+=,.@-").contains(c))
            name += c;
    return name.isEmpty() ? QStringLiteral("role") : name.left(32);
}

struct Labels
{
    QHash<QString, QString> units, accounts;
};

Labels labelsOf(const Organization &org)
{
    Labels l;
    UniqueLabels units, accounts;
    for (const OrganizationalUnit &u : org.units)
        l.units.insert(u.id, units.claim(HclWriter::identifier(u.id), u.id));
    for (const Account &a : org.accounts)
        l.accounts.insert(a.id, accounts.claim(HclWriter::identifier(a.id), a.id));
    return l;
}

void writeUnitsAndAccounts(HclWriter &w, const Organization &org, const Labels &labels)
{
    w.comment(QStringLiteral("AWS Organization \"%1\": organizational units and member accounts.")
                  .arg(org.name));
    w.comment(QStringLiteral("Apply from the management account."));
    w.blank();
    w.block(QStringLiteral("data"),
            {QStringLiteral("aws_organizations_organization"), QStringLiteral("this")});
    w.end();
    auto parentExpr = [&](const QString &unitId) {
        if (unitId.isEmpty() || !org.unit(unitId))
            return QStringLiteral("data.aws_organizations_organization.this.roots[0].id");
        return QStringLiteral("aws_organizations_organizational_unit.%1.id")
            .arg(labels.units.value(unitId));
    };
    // Parents before children, so the file reads top-down.
    QList<OrganizationalUnit> ordered;
    QSet<QString> placed;
    for (int pass = 0; pass <= org.units.size() && ordered.size() < org.units.size(); ++pass) {
        for (const OrganizationalUnit &u : org.units) {
            if (placed.contains(u.id))
                continue;
            if (u.parentId.isEmpty() || placed.contains(u.parentId) || !org.unit(u.parentId) ||
                pass == org.units.size()) {
                ordered.append(u);
                placed.insert(u.id);
            }
        }
    }
    for (const OrganizationalUnit &u : ordered) {
        w.blank();
        w.block(
            QStringLiteral("resource"),
            {QStringLiteral("aws_organizations_organizational_unit"), labels.units.value(u.id)});
        w.string(QStringLiteral("name"), u.name);
        w.attribute(QStringLiteral("parent_id"), parentExpr(u.parentId));
        w.end();
    }
    for (const Account &a : org.accounts) {
        const QString label = labels.accounts.value(a.id);
        w.blank();
        if (!a.awsAccountId.isEmpty()) {
            // An account that exists already is adopted, never created again.
            w.comment(QStringLiteral("Account %1 exists already (%2): adopted, not created.")
                          .arg(a.name, a.awsAccountId));
            w.block(QStringLiteral("import"));
            w.attribute(QStringLiteral("to"), QStringLiteral("aws_organizations_account.") + label);
            w.string(QStringLiteral("id"), a.awsAccountId);
            w.end();
            w.blank();
        }
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_organizations_account"), label});
        w.string(QStringLiteral("name"), a.name);
        if (!a.email.isEmpty())
            w.string(QStringLiteral("email"), a.email);
        else
            w.attribute(QStringLiteral("email"),
                        QStringLiteral("var.account_emails[%1]").arg(q(a.id)));
        w.attribute(QStringLiteral("parent_id"), parentExpr(a.unitId));
        w.attribute(QStringLiteral("close_on_deletion"), QStringLiteral("false"));
        w.blank();
        w.object(QStringLiteral("tags"));
        w.string(QStringLiteral("Environment"), environmentName(a.environment));
        w.end();
        if (!a.awsAccountId.isEmpty()) {
            // Changing an existing account's e-mail or name through Terraform would replace it.
            w.blank();
            w.block(QStringLiteral("lifecycle"));
            w.attribute(QStringLiteral("prevent_destroy"), QStringLiteral("true"));
            w.attribute(QStringLiteral("ignore_changes"),
                        QStringLiteral("[email, name, iam_user_access_to_billing, role_name]"));
            w.end();
        }
        w.end();
    }
}

/// IAM Identity Center: a permission set and a group per role the accounts name, each group
/// assigned its permission set in every account that has the role.
void writeIdentityCenter(HclWriter &w, const Organization &org, const Labels &labels)
{
    QMap<QString, QList<const Account *>> accountsByRole;
    for (const Account &a : org.accounts)
        for (const QString &role : a.roles)
            accountsByRole[role].append(&a);
    w.comment(QStringLiteral("IAM Identity Center: a permission set and a group per role, the "
                             "group assigned in each account"));
    w.comment(QStringLiteral("that has the role. Identity Center must be enabled in the "
                             "management account; add people to the groups."));
    w.blank();
    w.block(QStringLiteral("data"),
            {QStringLiteral("aws_ssoadmin_instances"), QStringLiteral("this")});
    w.end();
    w.blank();
    w.block(QStringLiteral("locals"));
    w.attribute(QStringLiteral("sso_instance_arn"),
                QStringLiteral("tolist(data.aws_ssoadmin_instances.this.arns)[0]"));
    w.attribute(QStringLiteral("identity_store_id"),
                QStringLiteral("tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]"));
    w.end();
    UniqueLabels roleLabels;
    for (auto it = accountsByRole.cbegin(); it != accountsByRole.cend(); ++it) {
        const QString &role = it.key();
        const QString label = roleLabels.claim(HclWriter::identifier(role), role);
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_ssoadmin_permission_set"), label});
        w.string(QStringLiteral("name"), permissionSetName(role));
        w.string(QStringLiteral("description"), QStringLiteral("Role %1 (Ferry plan)").arg(role));
        w.attribute(QStringLiteral("instance_arn"), QStringLiteral("local.sso_instance_arn"));
        w.string(QStringLiteral("session_duration"), QStringLiteral("PT8H"));
        w.end();
        const QString policy = managedPolicyOfRole(role);
        w.blank();
        if (policy.isEmpty()) {
            w.comment(QStringLiteral("TODO: the policies of role %1 (a role of the team's own: "
                                     "attach managed or inline policies)")
                          .arg(role));
        } else {
            w.block(QStringLiteral("resource"),
                    {QStringLiteral("aws_ssoadmin_managed_policy_attachment"), label});
            w.attribute(QStringLiteral("instance_arn"), QStringLiteral("local.sso_instance_arn"));
            w.attribute(QStringLiteral("permission_set_arn"),
                        QStringLiteral("aws_ssoadmin_permission_set.%1.arn").arg(label));
            w.string(QStringLiteral("managed_policy_arn"),
                     QStringLiteral("arn:aws:iam::aws:policy/") + policy);
            w.end();
            w.blank();
        }
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_identitystore_group"), label});
        w.attribute(QStringLiteral("identity_store_id"), QStringLiteral("local.identity_store_id"));
        w.string(QStringLiteral("display_name"), role);
        w.string(
            QStringLiteral("description"),
            QStringLiteral("People who take role %1 in the organization's accounts").arg(role));
        w.end();
        w.blank();
        w.block(QStringLiteral("resource"),
                {QStringLiteral("aws_ssoadmin_account_assignment"), label});
        QList<QPair<QString, QString>> targets;
        for (const Account *a : it.value())
            targets.append(
                {labels.accounts.value(a->id), QStringLiteral("aws_organizations_account.%1.id")
                                                   .arg(labels.accounts.value(a->id))});
        writeForEach(w, targets);
        w.attribute(QStringLiteral("instance_arn"), QStringLiteral("local.sso_instance_arn"));
        w.attribute(QStringLiteral("permission_set_arn"),
                    QStringLiteral("aws_ssoadmin_permission_set.%1.arn").arg(label));
        w.attribute(QStringLiteral("principal_id"),
                    QStringLiteral("aws_identitystore_group.%1.group_id").arg(label));
        w.string(QStringLiteral("principal_type"), QStringLiteral("GROUP"));
        w.attribute(QStringLiteral("target_id"), QStringLiteral("each.value"));
        w.string(QStringLiteral("target_type"), QStringLiteral("AWS_ACCOUNT"));
        w.end();
    }
}

/// Service Control Policies: one per policy the OUs name, attached to each of them.
void writePolicies(HclWriter &w, const Organization &org, const Labels &labels)
{
    w.comment(QStringLiteral("Service Control Policies attached to organizational units. SCPs "
                             "must be enabled in the"));
    w.comment(QStringLiteral("organization (aws organizations enable-policy-type "
                             "--policy-type SERVICE_CONTROL_POLICY)."));
    for (const ServiceControlPolicy &scp : serviceControlPolicies()) {
        QList<QPair<QString, QString>> targets;
        for (const OrganizationalUnit &u : org.units)
            if (u.policies.contains(scp.name))
                targets.append({labels.units.value(u.id),
                                QStringLiteral("aws_organizations_organizational_unit.%1.id")
                                    .arg(labels.units.value(u.id))});
        if (targets.isEmpty())
            continue;
        const QString label = HclWriter::identifier(scp.name);
        QStringList actions;
        for (const QString &a : scp.actions)
            actions.append(q(a));
        w.blank();
        w.block(QStringLiteral("resource"), {QStringLiteral("aws_organizations_policy"), label});
        w.string(QStringLiteral("name"), scp.name);
        w.string(QStringLiteral("description"), scp.description);
        w.string(QStringLiteral("type"), QStringLiteral("SERVICE_CONTROL_POLICY"));
        w.blank();
        w.attribute(QStringLiteral("content"), QStringLiteral("jsonencode({\n"
                                                              "    Version = \"2012-10-17\"\n"
                                                              "    Statement = [{\n"
                                                              "      Effect   = \"Deny\"\n"
                                                              "      Action   = %1\n"
                                                              "      Resource = \"*\"\n"
                                                              "    }]\n"
                                                              "  })")
                                                   .arg(HclWriter::list(actions)));
        w.end();
        w.blank();
        w.block(QStringLiteral("resource"),
                {QStringLiteral("aws_organizations_policy_attachment"), label});
        writeForEach(w, targets);
        w.attribute(QStringLiteral("policy_id"),
                    QStringLiteral("aws_organizations_policy.%1.id").arg(label));
        w.attribute(QStringLiteral("target_id"), QStringLiteral("each.value"));
        w.end();
    }
}

} // namespace

void generateOrganization(const Plan &plan, const QString &folder, QMap<QString, QString> *files)
{
    // DigitalOcean teams are not members of the AWS Organization.
    Organization org = plan.organization;
    org.accounts.removeIf([](const Account &a) { return a.cloud != TargetCloud::Aws; });
    const QString dir = folder + u'/';
    const Labels labels = labelsOf(org);
    {
        HclWriter w;
        writeUnitsAndAccounts(w, org, labels);
        files->insert(dir + QStringLiteral("main.tf"), w.text());
    }
    if (std::any_of(org.accounts.cbegin(), org.accounts.cend(),
                    [](const Account &a) { return !a.roles.isEmpty(); })) {
        HclWriter w;
        writeIdentityCenter(w, org, labels);
        files->insert(dir + QStringLiteral("identity-center.tf"), w.text());
    }
    if (std::any_of(org.units.cbegin(), org.units.cend(),
                    [](const OrganizationalUnit &u) { return !u.policies.isEmpty(); })) {
        HclWriter w;
        writePolicies(w, org, labels);
        files->insert(dir + QStringLiteral("policies.tf"), w.text());
    }
    {
        HclWriter w;
        writeVersions(w);
        files->insert(dir + QStringLiteral("versions.tf"), w.text());
    }
    {
        HclWriter w;
        w.block(QStringLiteral("provider"), {QStringLiteral("aws")});
        w.attribute(QStringLiteral("region"), QStringLiteral("var.region"));
        w.end();
        files->insert(dir + QStringLiteral("providers.tf"), w.text());
    }
    {
        HclWriter w;
        writeVariable(w, QStringLiteral("region"),
                      QStringLiteral("Region of the management account's API calls"),
                      QStringLiteral("string"), q(QStringLiteral("us-east-1")), false);
        if (std::any_of(org.accounts.cbegin(), org.accounts.cend(),
                        [](const Account &a) { return a.email.isEmpty(); })) {
            w.blank();
            w.comment(QStringLiteral("TODO: give each new account a unique root e-mail address"));
            writeVariable(w, QStringLiteral("account_emails"),
                          QStringLiteral("Root e-mail address of each member account the plan "
                                         "gives none, by account id"),
                          QStringLiteral("map(string)"), QString(), false);
        }
        files->insert(dir + QStringLiteral("variables.tf"), w.text());
    }
    {
        HclWriter w;
        w.block(QStringLiteral("output"), {QStringLiteral("account_ids")});
        w.object(QStringLiteral("value"));
        for (const Account &a : org.accounts)
            w.attribute(
                q(a.id),
                QStringLiteral("aws_organizations_account.%1.id").arg(labels.accounts.value(a.id)));
        w.end();
        w.end();
        files->insert(dir + QStringLiteral("outputs.tf"), w.text());
    }
}

} // namespace Ferry::TerraformExport
