variable "region" {
  description = "Default AWS region of the shared-services account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of shared-services (see the organization folder's outputs)"
  type        = string
}
