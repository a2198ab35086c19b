variable "region" {
  description = "Default AWS region of the staging account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of staging (see the organization folder's outputs)"
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the staging account's VPC: by default a /16 that overlaps no network of the inventory and no other account's"
  type        = string
  default     = "10.185.0.0/16"
}

variable "analytics_snapshot" {
  description = "Identifier of the cluster snapshot of tf:aws_redshift_cluster.analytics shared with this account at the cutover (runbook: restore-snapshot, which keeps it in terraform.tfvars); null until then: no cluster"
  type        = string
  default     = null
}

variable "analytics_snapshot_owner" {
  description = "Id of the account that owns the snapshot of tf:aws_redshift_cluster.analytics (the source account; runbook: restore-snapshot)"
  type        = string
  default     = null
}

variable "cpbzf_snapshot" {
  description = "ARN of the snapshot of tf:module.lemp.aws_db_instance.Cpbzf[0] shared with this account at the cutover (runbook: restore-snapshot, which keeps it in terraform.tfvars); null until then: no instance"
  type        = string
  default     = null
}

variable "cpbzf_password" {
  description = "Secret for cpbzf_password: set TF_VAR_cpbzf_password or read it from a secrets manager"
  type        = string
  sensitive   = true
}
