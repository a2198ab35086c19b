variable "region" {
  description = "DigitalOcean region of the resources of team DO production"
  type        = string
  default     = "nyc3"
}

variable "vpc_cidr" {
  description = "IP range of the DO production team's VPC: by default one that overlaps no network of the inventory and no other account's"
  type        = string
  default     = "10.95.0.0/16"
}

variable "shop_github_repo" {
  description = "GitHub repository (owner/name) App Platform deploys shop from; Heroku's state does not say"
  type        = string
}

variable "shop_branch" {
  description = "Branch of shop App Platform deploys"
  type        = string
  default     = "main"
}

variable "shop_config_vars" {
  description = "Config vars of Heroku app shop, name → value: set TF_VAR_shop_config_vars=\"$(heroku config --app shop --json)\" (never in a file)"
  type        = map(string)
  sensitive   = true
}

variable "shop_worker_command" {
  description = "Command of the worker process type of Heroku app shop: its line in the app's Procfile"
  type        = string
}
