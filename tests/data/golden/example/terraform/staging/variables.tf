variable "region" {
  description = "Default AWS region of the staging account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of staging (see the organization folder's outputs)"
  type        = string
}
