variable "region" {
  description = "Default AWS region of the production account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of production (see the organization folder's outputs)"
  type        = string
  default     = "533948124879"
}
