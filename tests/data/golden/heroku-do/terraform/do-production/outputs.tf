output "postgresql_shaped_12345_id" {
  value = digitalocean_database_cluster.postgresql_shaped_12345.id
}

output "postgresql_shaped_12345_host" {
  value = digitalocean_database_cluster.postgresql_shaped_12345.private_host
}

output "postgresql_shaped_12345_public_uri" {
  value     = digitalocean_database_cluster.postgresql_shaped_12345.uri
  sensitive = true
}

output "postgresql_shaped_12345_uri" {
  value     = digitalocean_database_cluster.postgresql_shaped_12345.private_uri
  sensitive = true
}

output "redis_rugged_54321_id" {
  value = digitalocean_database_cluster.redis_rugged_54321.id
}

output "redis_rugged_54321_host" {
  value = digitalocean_database_cluster.redis_rugged_54321.private_host
}

output "redis_rugged_54321_public_uri" {
  value     = digitalocean_database_cluster.redis_rugged_54321.uri
  sensitive = true
}

output "redis_rugged_54321_uri" {
  value     = digitalocean_database_cluster.redis_rugged_54321.private_uri
  sensitive = true
}

output "shop_id" {
  value = digitalocean_app.shop.id
}

output "shop_live_url" {
  value = digitalocean_app.shop.live_url
}

output "shop_default_ingress" {
  value = digitalocean_app.shop.default_ingress
}
