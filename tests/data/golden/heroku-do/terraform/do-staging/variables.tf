variable "region" {
  description = "DigitalOcean region of the resources of team DO staging"
  type        = string
  default     = "nyc3"
}

variable "vpc_cidr" {
  description = "IP range of the DO staging team's VPC: by default one that overlaps no network of the inventory and no other account's"
  type        = string
  default     = "10.169.0.0/16"
}

variable "shop_staging_github_repo" {
  description = "GitHub repository (owner/name) App Platform deploys shop-staging from; Heroku's state does not say"
  type        = string
}

variable "shop_staging_branch" {
  description = "Branch of shop-staging App Platform deploys"
  type        = string
  default     = "main"
}

variable "shop_staging_config_vars" {
  description = "Config vars of Heroku app shop-staging, name → value: set TF_VAR_shop_staging_config_vars=\"$(heroku config --app shop-staging --json)\" (never in a file)"
  type        = map(string)
  sensitive   = true
}
