variable "region" {
  description = "Region of the management account's API calls"
  type        = string
  default     = "us-east-1"
}

# TODO: give each new account a unique root e-mail address
variable "account_emails" {
  description = "Root e-mail address of each member account the plan gives none, by account id"
  type        = map(string)
}
