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

variable "r__switched" {
  description = "Whether @ (A) points at the migrated service: false until the runbook's switch step sets it in terraform.tfvars"
  type        = bool
  default     = false
}

variable "r__ttl" {
  description = "TTL of @ in seconds: 60 through the cutover; the runbook's cleanup sets the source's (1800) again"
  type        = number
  default     = 60
}

variable "r__target" {
  description = "What @ (A) points at once switched: the migrated service's address (set by the runbook's switch step)"
  type        = list(string)
  default     = null
}

variable "example_zone_id" {
  description = "Route 53 hosted zone id for record example (do:record:5): the import did not name its domain, and no zone of this account holds it"
  type        = string
}

variable "example_switched" {
  description = "Whether example (CNAME) points at the migrated service: false until the runbook's switch step sets it in terraform.tfvars"
  type        = bool
  default     = false
}

variable "example_ttl" {
  description = "TTL of example in seconds: 60 through the cutover; the runbook's cleanup sets the source's (1800) again"
  type        = number
  default     = 60
}

variable "example_records" {
  description = "What example (CNAME) points at until the cutover; the source record gave no usable value"
  type        = list(string)
}

variable "example_target" {
  description = "What example (CNAME) points at once switched: the migrated service's address (set by the runbook's switch step)"
  type        = list(string)
  default     = null
}
