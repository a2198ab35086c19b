# AWS Organization "Organization": organizational units and member accounts.
# Apply from the management account.

data "aws_organizations_organization" "this" {
}

resource "aws_organizations_organizational_unit" "workloads" {
  name      = "Workloads"
  parent_id = data.aws_organizations_organization.this.roots[0].id
}

resource "aws_organizations_organizational_unit" "infrastructure" {
  name      = "Infrastructure"
  parent_id = data.aws_organizations_organization.this.roots[0].id
}

# Account production exists already (533948124879): adopted, not created.
import {
  to = aws_organizations_account.production
  id = "533948124879"
}

resource "aws_organizations_account" "production" {
  name              = "production"
  email             = var.account_emails["production"]
  parent_id         = aws_organizations_organizational_unit.workloads.id
  close_on_deletion = false

  tags = {
    Environment = "production"
  }

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [email, name, iam_user_access_to_billing, role_name]
  }
}

resource "aws_organizations_account" "staging" {
  name              = "staging"
  email             = "aws-staging@example.com"
  parent_id         = aws_organizations_organizational_unit.workloads.id
  close_on_deletion = false

  tags = {
    Environment = "staging"
  }
}

resource "aws_organizations_account" "development" {
  name              = "development"
  email             = var.account_emails["development"]
  parent_id         = aws_organizations_organizational_unit.workloads.id
  close_on_deletion = false

  tags = {
    Environment = "development"
  }
}

resource "aws_organizations_account" "shared_services" {
  name              = "shared-services"
  email             = var.account_emails["shared-services"]
  parent_id         = aws_organizations_organizational_unit.infrastructure.id
  close_on_deletion = false

  tags = {
    Environment = "shared-services"
  }
}
