output "account_ids" {
  value = {
    "production"      = aws_organizations_account.production.id
    "staging"         = aws_organizations_account.staging.id
    "development"     = aws_organizations_account.development.id
    "shared-services" = aws_organizations_account.shared_services.id
  }
}
