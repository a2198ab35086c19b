# IAM Identity Center: a permission set and a group per role, the group assigned in each account
# that has the role. Identity Center must be enabled in the management account; add people to the groups.

data "aws_ssoadmin_instances" "this" {
}

locals {
  sso_instance_arn  = tolist(data.aws_ssoadmin_instances.this.arns)[0]
  identity_store_id = tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]
}

resource "aws_ssoadmin_permission_set" "administrator" {
  name             = "administrator"
  description      = "Role administrator (Ferry plan)"
  instance_arn     = local.sso_instance_arn
  session_duration = "PT8H"
}

resource "aws_ssoadmin_managed_policy_attachment" "administrator" {
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.administrator.arn
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_identitystore_group" "administrator" {
  identity_store_id = local.identity_store_id
  display_name      = "administrator"
  description       = "People who take role administrator in the organization's accounts"
}

resource "aws_ssoadmin_account_assignment" "administrator" {
  for_each = {
    production = aws_organizations_account.production.id
  }
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.administrator.arn
  principal_id       = aws_identitystore_group.administrator.group_id
  principal_type     = "GROUP"
  target_id          = each.value
  target_type        = "AWS_ACCOUNT"
}

resource "aws_ssoadmin_permission_set" "developer" {
  name             = "developer"
  description      = "Role developer (Ferry plan)"
  instance_arn     = local.sso_instance_arn
  session_duration = "PT8H"
}

resource "aws_ssoadmin_managed_policy_attachment" "developer" {
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  managed_policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_identitystore_group" "developer" {
  identity_store_id = local.identity_store_id
  display_name      = "developer"
  description       = "People who take role developer in the organization's accounts"
}

resource "aws_ssoadmin_account_assignment" "developer" {
  for_each = {
    staging = aws_organizations_account.staging.id
  }
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.developer.arn
  principal_id       = aws_identitystore_group.developer.group_id
  principal_type     = "GROUP"
  target_id          = each.value
  target_type        = "AWS_ACCOUNT"
}

resource "aws_ssoadmin_permission_set" "on_call" {
  name             = "on-call"
  description      = "Role on-call (Ferry plan)"
  instance_arn     = local.sso_instance_arn
  session_duration = "PT8H"
}

# TODO: the policies of role on-call (a role of the team's own: attach managed or inline policies)
resource "aws_identitystore_group" "on_call" {
  identity_store_id = local.identity_store_id
  display_name      = "on-call"
  description       = "People who take role on-call in the organization's accounts"
}

resource "aws_ssoadmin_account_assignment" "on_call" {
  for_each = {
    staging = aws_organizations_account.staging.id
  }
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.on_call.arn
  principal_id       = aws_identitystore_group.on_call.group_id
  principal_type     = "GROUP"
  target_id          = each.value
  target_type        = "AWS_ACCOUNT"
}

resource "aws_ssoadmin_permission_set" "read_only" {
  name             = "read-only"
  description      = "Role read-only (Ferry plan)"
  instance_arn     = local.sso_instance_arn
  session_duration = "PT8H"
}

resource "aws_ssoadmin_managed_policy_attachment" "read_only" {
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.read_only.arn
  managed_policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_identitystore_group" "read_only" {
  identity_store_id = local.identity_store_id
  display_name      = "read-only"
  description       = "People who take role read-only in the organization's accounts"
}

resource "aws_ssoadmin_account_assignment" "read_only" {
  for_each = {
    production = aws_organizations_account.production.id
    staging    = aws_organizations_account.staging.id
  }
  instance_arn       = local.sso_instance_arn
  permission_set_arn = aws_ssoadmin_permission_set.read_only.arn
  principal_id       = aws_identitystore_group.read_only.group_id
  principal_type     = "GROUP"
  target_id          = each.value
  target_type        = "AWS_ACCOUNT"
}
