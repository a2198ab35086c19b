output "postgresql_fluffy_22222_id" {
  value = digitalocean_database_cluster.postgresql_fluffy_22222.id
}

output "postgresql_fluffy_22222_host" {
  value = digitalocean_database_cluster.postgresql_fluffy_22222.private_host
}

output "postgresql_fluffy_22222_public_uri" {
  value     = digitalocean_database_cluster.postgresql_fluffy_22222.uri
  sensitive = true
}

output "postgresql_fluffy_22222_uri" {
  value     = digitalocean_database_cluster.postgresql_fluffy_22222.private_uri
  sensitive = true
}

output "shop_staging_id" {
  value = digitalocean_app.shop_staging.id
}

output "shop_staging_live_url" {
  value = digitalocean_app.shop_staging.live_url
}

output "shop_staging_default_ingress" {
  value = digitalocean_app.shop_staging.default_ingress
}
