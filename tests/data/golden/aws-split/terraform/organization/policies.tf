# Service Control Policies attached to organizational units. SCPs must be enabled in the
# organization (aws organizations enable-policy-type --policy-type SERVICE_CONTROL_POLICY).

resource "aws_organizations_policy" "deny_leaving_organization" {
  name        = "deny-leaving-organization"
  description = "Member accounts cannot leave the organization"
  type        = "SERVICE_CONTROL_POLICY"

  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = ["organizations:LeaveOrganization"]
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "deny_leaving_organization" {
  for_each = {
    workloads = aws_organizations_organizational_unit.workloads.id
  }
  policy_id = aws_organizations_policy.deny_leaving_organization.id
  target_id = each.value
}

resource "aws_organizations_policy" "deny_disabling_cloudtrail" {
  name        = "deny-disabling-cloudtrail"
  description = "CloudTrail trails cannot be stopped, deleted or changed"
  type        = "SERVICE_CONTROL_POLICY"

  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "deny_disabling_cloudtrail" {
  for_each = {
    workloads = aws_organizations_organizational_unit.workloads.id
  }
  policy_id = aws_organizations_policy.deny_disabling_cloudtrail.id
  target_id = each.value
}
