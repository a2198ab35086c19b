output "shop_clone_url_http" {
  value = aws_codecommit_repository.shop.clone_url_http
}

output "shop_id" {
  value = aws_codecommit_repository.shop.id
}

output "shop_web_repository_url" {
  value = aws_ecr_repository.shop_web.repository_url
}

output "shop_web_id" {
  value = aws_ecr_repository.shop_web.id
}

output "analytics_endpoint" {
  value = one(aws_redshift_cluster.analytics[*].endpoint)
}

output "analytics_identifier" {
  value = one(aws_redshift_cluster.analytics[*].cluster_identifier)
}

output "analytics_id" {
  value = one(aws_redshift_cluster.analytics[*].id)
}

output "shop_assets_id" {
  value = aws_s3_bucket.shop_assets.id
}

output "cpbzf_endpoint" {
  value = one(aws_db_instance.cpbzf[*].endpoint)
}

output "cpbzf_identifier" {
  value = one(aws_db_instance.cpbzf[*].identifier)
}

output "vikye_id" {
  value = aws_launch_template.vikye.id
}

output "tqbgz_dns_name" {
  value = aws_lb.tqbgz.dns_name
}

output "lhwfh_id" {
  value = aws_security_group.lhwfh.id
}

output "yphpr_id" {
  value = aws_security_group.yphpr.id
}

output "rzngi_id" {
  value = aws_security_group.rzngi.id
}
