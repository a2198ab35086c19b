# Database cluster "backend" (do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30), strategy replatform, wave 1
resource "aws_db_instance" "backend" {
  identifier = "backend"
  engine     = "postgres"
  # Major upgrade: RDS does not offer the source's PostgreSQL 10; 14 is the next it does (engine-versions.yaml, reviewed 2026-12-02). The runbook rehearses the upgrade.
  engine_version = "14"
  # Sized from the source: db-s-2vcpu-4gb (2 vCPU, 4 GiB) → db.t3.medium (2 vCPU, 4 GiB), the smallest class that holds it
  instance_class = "db.t3.medium"
  # TODO: confirm the storage in GiB
  allocated_storage = 20
  storage_encrypted = true
  # TODO: choose the master user name
  username                  = "ferry_admin"
  password                  = var.backend_password
  db_subnet_group_name      = aws_db_subnet_group.landing_zone.name
  skip_final_snapshot       = false
  final_snapshot_identifier = "backend-final"

  tags = {
    Name           = "backend"
    "ferry:source" = "do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"
  }
}

# Droplet "test.example.com" (do:droplet:19), strategy rehost, wave 1
resource "aws_instance" "test_example_com" {
  ami = var.test_example_com_ami
  # Sized from the source: 1024mb (2 vCPU, 1 GiB) → t3.micro (2 vCPU, 1 GiB), the smallest class that holds it
  instance_type = "t3.micro"
  # The landing zone's first private subnet (network.tf)
  subnet_id = aws_subnet.private[0].id

  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }

  tags = {
    Name           = "test.example.com"
    "ferry:source" = "do:droplet:19"
  }
}

# Also from Droplet "test.example.com" (do:droplet:19), whose own target is aws_instance: strategy rehost, wave 1
resource "aws_s3_bucket" "test_example_com_s3_bucket" {
  # Bucket names are global: the block's label and the account id
  bucket = "test-example-com-s3-bucket-${var.account_id}"

  tags = {
    Name           = "test.example.com"
    "ferry:source" = "do:droplet:19"
  }
}

# EKS cluster of this account for the source mapped onto it (the runbook's shared target):
# - Kubernetes cluster "test-cluster" (do:kubernetes:cluster-1-id), strategy replatform, wave 2
resource "aws_eks_cluster" "production_eks" {
  name = "production-eks"
  # Major upgrade: EKS does not offer the source's Kubernetes 1.12; 1.33 is the next it does (engine-versions.yaml, reviewed 2026-12-02). Update manifests that use APIs removed since.
  version  = "1.33"
  role_arn = aws_iam_role.production_eks.arn

  vpc_config {
    subnet_ids = aws_subnet.private[*].id
  }

  tags = {
    Name            = "production-eks"
    "ferry:sources" = "1"
  }

  depends_on = [aws_iam_role_policy_attachment.production_eks]
}

resource "aws_iam_role" "production_eks" {
  name = "production-eks-cluster"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "production_eks" {
  for_each   = toset(["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"])
  role       = aws_iam_role.production_eks.name
  policy_arn = each.value
}

resource "aws_iam_role" "production_eks_nodes" {
  name = "production-eks-nodes"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "production_eks_nodes" {
  for_each   = toset(["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"])
  role       = aws_iam_role.production_eks_nodes.name
  policy_arn = each.value
}

resource "aws_eks_node_group" "production_eks" {
  cluster_name    = aws_eks_cluster.production_eks.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.production_eks_nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  # Sized from the sources: the largest needs 1 vCPU, 1 GiB, together 3 vCPU, 3 GiB; a node at least 2 vCPU, 4 GiB for the cluster's own pods → t3.medium (2 vCPU, 4 GiB)
  instance_types = ["t3.medium"]

  scaling_config {
    # Enough nodes to hold them all, at least one per zone
    desired_size = 2
    min_size     = 2
    max_size     = 4
  }

  depends_on = [aws_iam_role_policy_attachment.production_eks_nodes]
}

# Load balancer "example-lb-03" (do:loadbalancer:3de7ac8b-495b-4884-9a69-1050c6793cd6), strategy replatform, wave 2
resource "aws_lb" "example_lb_03" {
  name               = "example-lb-03"
  load_balancer_type = "application"
  # The landing zone's public subnets (network.tf)
  subnets = aws_subnet.public[*].id

  tags = {
    Name           = "example-lb-03"
    "ferry:source" = "do:loadbalancer:3de7ac8b-495b-4884-9a69-1050c6793cd6"
  }
}

resource "aws_lb_target_group" "example_lb_03" {
  name = "example-lb-03"
  # TODO: confirm the port the instances serve on
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.landing_zone.id

  health_check {
    path = "/"
  }
}

# A listener for each of the source's entry ports
resource "aws_lb_listener" "example_lb_03" {
  for_each          = toset(["80"])
  load_balancer_arn = aws_lb.example_lb_03.arn
  port              = each.value
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.example_lb_03.arn
  }
}

# Load balancer "example-lb-01" (do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6), strategy replatform, wave 2
resource "aws_lb" "example_lb_01" {
  name               = "example-lb-01"
  load_balancer_type = "application"
  # The landing zone's public subnets (network.tf)
  subnets = aws_subnet.public[*].id

  tags = {
    Name           = "example-lb-01"
    "ferry:source" = "do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6"
  }
}

resource "aws_lb_target_group" "example_lb_01" {
  name = "example-lb-01"
  # TODO: confirm the port the instances serve on
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.landing_zone.id

  health_check {
    path = "/"
  }
}

# A listener for each of the source's entry ports
resource "aws_lb_listener" "example_lb_01" {
  for_each          = toset(["80", "444"])
  load_balancer_arn = aws_lb.example_lb_01.arn
  port              = each.value
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.example_lb_01.arn
  }
}

# Volume "Example" (do:volume:7724db7c-e098-11e5-b522-000f53304e51), strategy rehost, wave 1
resource "aws_ebs_volume" "example" {
  availability_zone = aws_subnet.private[0].availability_zone
  size              = 10
  type              = "gp3"
  encrypted         = true

  tags = {
    Name           = "Example"
    "ferry:source" = "do:volume:7724db7c-e098-11e5-b522-000f53304e51"
  }
}

# Application load balancer "front" (tf:module.cycloid.aws_alb.front), strategy relocate, wave 3
resource "aws_alb" "front" {
  name               = "front"
  load_balancer_type = "application"
  # The landing zone's public subnets (network.tf)
  subnets         = aws_subnet.public[*].id
  security_groups = [aws_security_group.alb_front.id]

  tags = {
    Name           = "front"
    "ferry:source" = "tf:module.cycloid.aws_alb.front"
  }
}

resource "aws_lb_target_group" "front" {
  name = "front"
  # TODO: confirm the port the instances serve on
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.landing_zone.id

  health_check {
    path = "/"
  }
}

# A listener for each of the source's entry ports
resource "aws_lb_listener" "front" {
  for_each          = toset(["80"])
  load_balancer_arn = aws_alb.front.arn
  port              = each.value
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.front.arn
  }
}

# CloudFront distribution "cdn" (tf:module.cycloid.aws_cloudfront_distribution.cdn), strategy relocate, wave 3
resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  comment = "Migrated from tf:module.cycloid.aws_cloudfront_distribution.cdn"

  origin {
    origin_id   = "primary"
    domain_name = aws_s3_bucket.medias.bucket_regional_domain_name
  }

  default_cache_behavior {
    target_origin_id       = "primary"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    # AWS's managed CachingOptimized policy
    cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    # TODO: an ACM certificate (us-east-1) for the source's domain
    cloudfront_default_certificate = true
  }

  tags = {
    Name           = "cdn"
    "ferry:source" = "tf:module.cycloid.aws_cloudfront_distribution.cdn"
  }
}

# DB instance "website" (tf:module.cycloid.aws_db_instance.website), strategy relocate, wave 3
resource "aws_db_instance" "website" {
  # Created at the cutover from the snapshot its website_snapshot variable names (the runbook's restore step keeps it in terraform.tfvars); none before. prevent_destroy: a later apply without the variable must not delete what was restored.
  count               = var.website_snapshot == null ? 0 : 1
  identifier          = "website"
  snapshot_identifier = var.website_snapshot
  # TODO: choose the instance class (source: size unknown)
  instance_class = "db.t3.medium"
  # TODO: confirm the storage in GiB
  allocated_storage         = 20
  storage_encrypted         = true
  password                  = var.website_password
  db_subnet_group_name      = aws_db_subnet_group.landing_zone.name
  vpc_security_group_ids    = [aws_security_group.rds_website.id]
  skip_final_snapshot       = false
  final_snapshot_identifier = "website-final"

  tags = {
    Name           = "website"
    "ferry:source" = "tf:module.cycloid.aws_db_instance.website"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# EBS volume "flux" (tf:module.cycloid.aws_ebs_volume.flux), strategy relocate, wave 3
resource "aws_ebs_volume" "flux" {
  # Created at the cutover from the snapshot its flux_snapshot variable names (the runbook's restore step keeps it in terraform.tfvars); none before. prevent_destroy: a later apply without the variable must not delete what was restored.
  count             = var.flux_snapshot == null ? 0 : 1
  availability_zone = aws_instance.batch.availability_zone
  size              = 10
  snapshot_id       = var.flux_snapshot
  type              = "gp3"
  encrypted         = true

  tags = {
    Name           = "flux"
    "ferry:source" = "tf:module.cycloid.aws_ebs_volume.flux"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# ElastiCache cluster "redis" (tf:module.cycloid.aws_elasticache_cluster.redis), strategy relocate, wave 3
resource "aws_elasticache_cluster" "redis" {
  cluster_id = "redis"
  engine     = "redis"
  # TODO: choose the node type (source: size unknown)
  node_type          = "cache.t3.medium"
  num_cache_nodes    = 1
  security_group_ids = [aws_security_group.redis_f6451c.id]
  subnet_group_name  = aws_elasticache_subnet_group.landing_zone.name

  tags = {
    Name           = "redis"
    "ferry:source" = "tf:module.cycloid.aws_elasticache_cluster.redis"
  }
}

# EC2 instance "batch" (tf:module.cycloid.aws_instance.batch), strategy relocate, wave 3
resource "aws_instance" "batch" {
  ami = var.batch_ami
  # TODO: choose the instance type (source: size unknown)
  instance_type = "t3.medium"
  # The landing zone's first private subnet (network.tf)
  subnet_id              = aws_subnet.private[0].id
  vpc_security_group_ids = [aws_security_group.batch_925cf1.id]

  tags = {
    Name           = "batch"
    "ferry:source" = "tf:module.cycloid.aws_instance.batch"
  }
}

# S3 bucket "medias" (tf:module.cycloid.aws_s3_bucket.medias), strategy relocate, wave 3
resource "aws_s3_bucket" "medias" {
  # Bucket names are global: the source's name and the account id
  bucket = "medias-${var.account_id}"

  tags = {
    Name           = "medias"
    "ferry:source" = "tf:module.cycloid.aws_s3_bucket.medias"
  }
}

# Security group "alb-front" (tf:module.cycloid.aws_security_group.alb-front), strategy relocate, wave 3
resource "aws_security_group" "alb_front" {
  name        = "alb-front"
  description = "Migrated from tf:module.cycloid.aws_security_group.alb-front"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "alb-front"
    "ferry:source" = "tf:module.cycloid.aws_security_group.alb-front"
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_front_in_1" {
  security_group_id = aws_security_group.alb_front.id
  description       = "From the source firewall: tcp 80 from 0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "alb_front_in_2" {
  security_group_id = aws_security_group.alb_front.id
  description       = "From the source firewall: tcp 443 from 0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_front_out" {
  security_group_id = aws_security_group.alb_front.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# Security group "batch" (tf:module.cycloid.aws_security_group.batch), strategy relocate, wave 3
resource "aws_security_group" "batch_925cf1" {
  name        = "batch"
  description = "Migrated from tf:module.cycloid.aws_security_group.batch"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "batch"
    "ferry:source" = "tf:module.cycloid.aws_security_group.batch"
  }
}

resource "aws_vpc_security_group_ingress_rule" "batch_925cf1_in_1" {
  security_group_id = aws_security_group.batch_925cf1.id
  description       = "From the source firewall: tcp 2222 from 0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 2222
  to_port           = 2222
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "batch_925cf1_in_2" {
  security_group_id            = aws_security_group.batch_925cf1.id
  description                  = "From the source firewall: tcp 80 from security_group:sg-815549fb"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.alb_front.id
}

resource "aws_vpc_security_group_egress_rule" "batch_925cf1_out" {
  security_group_id = aws_security_group.batch_925cf1.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# Security group "front" (tf:module.cycloid.aws_security_group.front), strategy relocate, wave 3
resource "aws_security_group" "front_60c706" {
  name        = "front"
  description = "Migrated from tf:module.cycloid.aws_security_group.front"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "front"
    "ferry:source" = "tf:module.cycloid.aws_security_group.front"
  }
}

resource "aws_vpc_security_group_ingress_rule" "front_60c706_in_1" {
  security_group_id            = aws_security_group.front_60c706.id
  description                  = "From the source firewall: tcp 80 from security_group:sg-815549fb"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.alb_front.id
}

resource "aws_vpc_security_group_egress_rule" "front_60c706_out" {
  security_group_id = aws_security_group.front_60c706.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# Security group "rds-website" (tf:module.cycloid.aws_security_group.rds-website), strategy relocate, wave 3
resource "aws_security_group" "rds_website" {
  name        = "rds-website"
  description = "Migrated from tf:module.cycloid.aws_security_group.rds-website"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "rds-website"
    "ferry:source" = "tf:module.cycloid.aws_security_group.rds-website"
  }
}

resource "aws_vpc_security_group_ingress_rule" "rds_website_in_1" {
  security_group_id            = aws_security_group.rds_website.id
  description                  = "From the source firewall: tcp 3306 from security_group:sg-e755499d"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = aws_security_group.batch_925cf1.id
}

resource "aws_vpc_security_group_ingress_rule" "rds_website_in_2" {
  security_group_id            = aws_security_group.rds_website.id
  description                  = "From the source firewall: tcp 3306 from security_group:sg-f7574b8d"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = aws_security_group.front_60c706.id
}

resource "aws_vpc_security_group_egress_rule" "rds_website_out" {
  security_group_id = aws_security_group.rds_website.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# Security group "redis" (tf:module.cycloid.aws_security_group.redis), strategy relocate, wave 3
resource "aws_security_group" "redis_f6451c" {
  name        = "redis"
  description = "Migrated from tf:module.cycloid.aws_security_group.redis"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "redis"
    "ferry:source" = "tf:module.cycloid.aws_security_group.redis"
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis_f6451c_in_1" {
  security_group_id            = aws_security_group.redis_f6451c.id
  description                  = "From the source firewall: tcp 6379 from security_group:sg-e755499d"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.batch_925cf1.id
}

resource "aws_vpc_security_group_ingress_rule" "redis_f6451c_in_2" {
  security_group_id            = aws_security_group.redis_f6451c.id
  description                  = "From the source firewall: tcp 6379 from security_group:sg-f7574b8d"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.front_60c706.id
}

resource "aws_vpc_security_group_egress_rule" "redis_f6451c_out" {
  security_group_id = aws_security_group.redis_f6451c.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
