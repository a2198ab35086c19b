output "backend_endpoint" {
  value = aws_db_instance.backend.endpoint
}

output "backend_identifier" {
  value = aws_db_instance.backend.identifier
}

output "test_example_com_id" {
  value = aws_instance.test_example_com.id
}

output "test_example_com_s3_bucket_id" {
  value = aws_s3_bucket.test_example_com_s3_bucket.id
}

output "production_eks_endpoint" {
  value = aws_eks_cluster.production_eks.endpoint
}

output "example_lb_03_dns_name" {
  value = aws_lb.example_lb_03.dns_name
}

output "example_lb_01_dns_name" {
  value = aws_lb.example_lb_01.dns_name
}

output "example_id" {
  value = aws_ebs_volume.example.id
}

output "front_dns_name" {
  value = aws_alb.front.dns_name
}

output "cdn_id" {
  value = aws_cloudfront_distribution.cdn.id
}

output "website_endpoint" {
  value = one(aws_db_instance.website[*].endpoint)
}

output "website_identifier" {
  value = one(aws_db_instance.website[*].identifier)
}

output "flux_id" {
  value = one(aws_ebs_volume.flux[*].id)
}

output "redis_endpoint" {
  value = aws_elasticache_cluster.redis.cache_nodes[0].address
}

output "redis_id" {
  value = aws_elasticache_cluster.redis.id
}

output "batch_id" {
  value = aws_instance.batch.id
}

output "medias_id" {
  value = aws_s3_bucket.medias.id
}

output "alb_front_id" {
  value = aws_security_group.alb_front.id
}

output "batch_925cf1_id" {
  value = aws_security_group.batch_925cf1.id
}

output "front_60c706_id" {
  value = aws_security_group.front_60c706.id
}

output "rds_website_id" {
  value = aws_security_group.rds_website.id
}

output "redis_f6451c_id" {
  value = aws_security_group.redis_f6451c.id
}
