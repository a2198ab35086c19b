variable "region" {
  description = "Default AWS region of the production account"
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS account id of production (see the organization folder's outputs)"
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR of the production account's VPC: by default a /16 that overlaps no network of the inventory and no other account's"
  type        = string
  default     = "10.232.0.0/16"
}

variable "test_example_com_ami" {
  description = "AMI of test.example.com in this account's region, one that runs what the source ran (source image: ubuntu1304)"
  type        = string
}

variable "website_snapshot" {
  description = "ARN of the snapshot of tf:module.cycloid.aws_db_instance.website shared with this account at the cutover (runbook: restore-snapshot, which keeps it in terraform.tfvars); null until then: no instance"
  type        = string
  default     = null
}

variable "flux_snapshot" {
  description = "Id of the snapshot of tf:module.cycloid.aws_ebs_volume.flux shared with this account at the cutover (runbook: share-snapshot, which keeps it in terraform.tfvars); null until then: no volume"
  type        = string
  default     = null
}

variable "batch_ami" {
  description = "AMI of batch in this account's region, one that runs what the source ran (source image: unknown)"
  type        = string
}

variable "backend_password" {
  description = "Secret for backend_password: set TF_VAR_backend_password or read it from a secrets manager"
  type        = string
  sensitive   = true
}

variable "website_password" {
  description = "Secret for website_password: set TF_VAR_website_password or read it from a secrets manager"
  type        = string
  sensitive   = true
}
