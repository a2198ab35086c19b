# The DO production account is a DigitalOcean team; its resources go in one project named after it.
resource "digitalocean_project" "project" {
  name        = "DO production"
  description = "Migrated with Ferry"
  purpose     = "Web Application"
  environment = "Production"
  resources   = [digitalocean_database_cluster.postgresql_shaped_12345.urn, digitalocean_database_cluster.redis_rugged_54321.urn, digitalocean_app.shop.urn]
}

resource "digitalocean_vpc" "main" {
  name     = "do-production-vpc"
  region   = var.region
  ip_range = var.vpc_cidr
}

# From heroku:addon:shop-db (heroku_addon, plan heroku-postgresql:standard-0)
resource "digitalocean_database_cluster" "postgresql_shaped_12345" {
  name   = "postgresql-shaped-12345"
  engine = "pg"
  # Major upgrade: DigitalOcean does not offer the source's 12; 15 is the next it does (engine-versions.yaml, reviewed 2026-12-02). The runbook rehearses the upgrade.
  version = "15"
  # Sized from the source: heroku-postgresql:standard-0 (? vCPU, 4 GiB) → db-s-2vcpu-4gb (2 vCPU, 4 GiB), the smallest that holds it
  size                 = "db-s-2vcpu-4gb"
  node_count           = 1
  region               = var.region
  private_network_uuid = digitalocean_vpc.main.id
}

# From heroku:addon:shop-redis (heroku_addon, plan heroku-redis:premium-0)
resource "digitalocean_database_cluster" "redis_rugged_54321" {
  name   = "redis-rugged-54321"
  engine = "valkey"
  # The source does not say its version: DigitalOcean's default for valkey (newest) is created
  # Sized from the source: heroku-redis:premium-0 (? vCPU, 50 MiB) → db-s-1vcpu-1gb (1 vCPU, 1 GiB), the smallest that holds it
  size                 = "db-s-1vcpu-1gb"
  node_count           = 1
  region               = var.region
  private_network_uuid = digitalocean_vpc.main.id
}

resource "digitalocean_database_firewall" "postgresql_shaped_12345" {
  cluster_id = digitalocean_database_cluster.postgresql_shaped_12345.id

  rule {
    type  = "app"
    value = digitalocean_app.shop.id
  }
}

resource "digitalocean_database_firewall" "redis_rugged_54321" {
  cluster_id = digitalocean_database_cluster.redis_rugged_54321.id

  rule {
    type  = "app"
    value = digitalocean_app.shop.id
  }
}

# From Heroku app shop (heroku:app:shop, stack heroku-24)
resource "digitalocean_app" "shop" {
  spec {
    name   = "shop"
    region = "nyc"

    # Heroku's custom domains: App Platform issues their certificates once their CNAMEs point at the app's default ingress (the runbook's DNS switch)
    domain {
      name = "shop.example.com"
      type = "PRIMARY"
    }

    domain {
      name = "www.shop.example.com"
      type = "ALIAS"
    }

    # Heroku's web process type
    service {
      name = "web"
      # Heroku's formation: 3 web dynos
      instance_count = 3
      # Sized from the source: standard-2x (1 vCPU, 1 GiB) → apps-s-1vcpu-1gb (1 vCPU, 1 GiB), the smallest that holds it
      instance_size_slug = "apps-s-1vcpu-1gb"
      http_port          = 8080

      github {
        repo           = var.shop_github_repo
        branch         = var.shop_branch
        deploy_on_push = true
      }
    }

    # Heroku's worker process type (heroku:formation:shop-worker)
    worker {
      name        = "worker"
      run_command = var.shop_worker_command
      # Heroku's formation: 2 worker dynos
      instance_count = 2
      # Sized from the source: standard-1x (1 vCPU, 512 MiB) → apps-s-1vcpu-1gb (1 vCPU, 1 GiB), the smallest that holds it
      instance_size_slug = "apps-s-1vcpu-1gb"

      github {
        repo           = var.shop_github_repo
        branch         = var.shop_branch
        deploy_on_push = true
      }
    }

    # Heroku's config vars, for every component of the app as they were for every dyno
    dynamic "env" {
      for_each = setsubtract(nonsensitive(toset(keys(var.shop_config_vars))), ["DATABASE_URL", "REDIS_URL"])
      content {
        key   = env.value
        value = var.shop_config_vars[env.value]
        scope = "RUN_TIME"
        type  = "SECRET"
      }
    }

    # Bound by App Platform at deploy time, as Heroku set DATABASE_URL
    env {
      key   = "DATABASE_URL"
      value = "$${postgresql-shaped-12345.DATABASE_URL}"
      scope = "RUN_TIME"
      type  = "SECRET"
    }

    # Bound by App Platform at deploy time, as Heroku set REDIS_URL
    env {
      key   = "REDIS_URL"
      value = "$${redis-rugged-54321.DATABASE_URL}"
      scope = "RUN_TIME"
      type  = "SECRET"
    }

    database {
      name         = "postgresql-shaped-12345"
      engine       = "PG"
      production   = true
      cluster_name = digitalocean_database_cluster.postgresql_shaped_12345.name
    }

    database {
      name         = "redis-rugged-54321"
      engine       = "VALKEY"
      production   = true
      cluster_name = digitalocean_database_cluster.redis_rugged_54321.name
    }
  }
}
