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

variable "openstackaio_1_ami" {
  description = "AMI of openstackaio-1 in this account's region, one that runs what the source ran (source image: rockylinux-8-x64)"
  type        = string
}

variable "openstackaio_3_ami" {
  description = "AMI of openstackaio-3 in this account's region, one that runs what the source ran (source image: rockylinux-8-x64)"
  type        = string
}
