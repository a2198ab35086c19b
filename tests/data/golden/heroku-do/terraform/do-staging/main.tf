# The DO staging account is a DigitalOcean team; its resources go in one project named after it.
resource "digitalocean_project" "project" {
  name        = "DO staging"
  description = "Migrated with Ferry"
  purpose     = "Web Application"
  environment = "Staging"
  resources   = [digitalocean_database_cluster.postgresql_fluffy_22222.urn, digitalocean_app.shop_staging.urn]
}

resource "digitalocean_vpc" "main" {
  name     = "do-staging-vpc"
  region   = var.region
  ip_range = var.vpc_cidr
}

# From heroku:addon:shop-staging-db (heroku_addon, plan heroku-postgresql:essential-0)
resource "digitalocean_database_cluster" "postgresql_fluffy_22222" {
  name    = "postgresql-fluffy-22222"
  engine  = "pg"
  version = "16"
  # Sized from the source: heroku-postgresql:essential-0 (shared servers, no dedicated vCPU or memory) → db-s-1vcpu-1gb (1 vCPU, 1 GiB), the smallest that holds it
  size                 = "db-s-1vcpu-1gb"
  node_count           = 1
  region               = var.region
  private_network_uuid = digitalocean_vpc.main.id
}

resource "digitalocean_database_firewall" "postgresql_fluffy_22222" {
  cluster_id = digitalocean_database_cluster.postgresql_fluffy_22222.id

  rule {
    type  = "app"
    value = digitalocean_app.shop_staging.id
  }
}

# From Heroku app shop-staging (heroku:app:shop-staging, stack heroku-24)
resource "digitalocean_app" "shop_staging" {
  spec {
    name   = "shop-staging"
    region = "nyc"

    # Heroku's web process type
    service {
      name = "web"
      # The source does not give the formation's quantity: one instance outside production
      instance_count = 1
      # Sized from the source: basic (1 vCPU, 512 MiB) → apps-s-1vcpu-1gb (1 vCPU, 1 GiB), the smallest that holds it
      instance_size_slug = "apps-s-1vcpu-1gb"
      http_port          = 8080

      github {
        repo           = var.shop_staging_github_repo
        branch         = var.shop_staging_branch
        deploy_on_push = true
      }
    }

    # Heroku's config vars, for every component of the app as they were for every dyno
    dynamic "env" {
      for_each = setsubtract(nonsensitive(toset(keys(var.shop_staging_config_vars))), ["DATABASE_URL"])
      content {
        key   = env.value
        value = var.shop_staging_config_vars[env.value]
        scope = "RUN_TIME"
        type  = "SECRET"
      }
    }

    # Bound by App Platform at deploy time, as Heroku set DATABASE_URL
    env {
      key   = "DATABASE_URL"
      value = "$${postgresql-fluffy-22222.DATABASE_URL}"
      scope = "RUN_TIME"
      type  = "SECRET"
    }

    database {
      name         = "postgresql-fluffy-22222"
      engine       = "PG"
      production   = true
      cluster_name = digitalocean_database_cluster.postgresql_fluffy_22222.name
    }
  }
}
