variable "region" {
  description = "Default AWS region of the shared-services account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of shared-services (see the organization folder's outputs)"
  type        = string
}

variable "r__zone_id" {
  description = "Route 53 hosted zone id for record @ (do:record:1): the import did not name its domain, and no zone of this account holds it"
  type        = string
}

variable "example_zone_id" {
  description = "Route 53 hosted zone id for record example (do:record:5): the import did not name its domain, and no zone of this account holds it"
  type        = string
}

variable "example_records" {
  description = "What example (CNAME) points at on the target; the source record gave no usable value"
  type        = list(string)
}
