variable "region" {
  description = "Default AWS region of the development account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of development (see the organization folder's outputs)"
  type        = string
}
