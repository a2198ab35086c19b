# Database cluster "backend" (do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30), strategy replatform, wave 1
resource "aws_db_instance" "backend" {
  identifier     = "backend"
  engine         = "postgres"
  engine_version = "10"
  # Sized from the source: db-s-2vcpu-4gb (2 vCPU, 4 GiB) → db.t3.medium (2 vCPU, 4 GiB), the smallest class that holds it
  instance_class = "db.t3.medium"
  # TODO: confirm the storage in GiB
  allocated_storage = 20
  storage_encrypted = true
  # TODO: choose the master user name
  username            = "ferry_admin"
  password            = var.backend_password
  skip_final_snapshot = false

  tags = {
    Name           = "backend"
    "ferry:source" = "do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"
  }
}

# Droplet "test.example.com" (do:droplet:19), strategy rehost, wave 1
resource "aws_instance" "test_example_com" {
  # TODO: choose the AMI (source image: ubuntu1304)
  ami = "ami-00000000000000000"
  # Sized from the source: 1024mb (2 vCPU, 1 GiB) → t3.micro (2 vCPU, 1 GiB), the smallest class that holds it
  instance_type = "t3.micro"
  # TODO: choose the subnet
  subnet_id = ""

  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }

  tags = {
    Name           = "test.example.com"
    "ferry:source" = "do:droplet:19"
  }
}

# Kubernetes cluster "test-cluster" (do:kubernetes:cluster-1-id), strategy replatform, wave 2
resource "aws_eks_cluster" "test_cluster" {
  name = "test-cluster"
  # TODO: pick a supported EKS version (source: 1.12.1-do.2)
  version = "1.12"
  # TODO: the cluster IAM role
  role_arn = ""

  vpc_config {
    # TODO: list the subnets
    subnet_ids = []
  }

  tags = {
    Name           = "test-cluster"
    "ferry:source" = "do:kubernetes:cluster-1-id"
  }
}

# Load balancer "example-lb-03" (do:loadbalancer:3de7ac8b-495b-4884-9a69-1050c6793cd6), strategy replatform, wave 2
resource "aws_lb" "example_lb_03" {
  name               = "example-lb-03"
  load_balancer_type = "application"
  # TODO: list the subnets (two or more AZs)
  subnets = []

  tags = {
    Name           = "example-lb-03"
    "ferry:source" = "do:loadbalancer:3de7ac8b-495b-4884-9a69-1050c6793cd6"
  }
}

# Load balancer "example-lb-01" (do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6), strategy replatform, wave 2
resource "aws_lb" "example_lb_01" {
  name               = "example-lb-01"
  load_balancer_type = "application"
  # TODO: list the subnets (two or more AZs)
  subnets = []

  tags = {
    Name           = "example-lb-01"
    "ferry:source" = "do:loadbalancer:4de7ac8b-495b-4884-9a69-1050c6793cd6"
  }
}

# Volume "Example" (do:volume:7724db7c-e098-11e5-b522-000f53304e51), strategy rehost, wave 1
resource "aws_ebs_volume" "example" {
  # TODO: choose the availability zone
  availability_zone = ""
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
  # TODO: fill in the arguments of aws_alb
}

# CloudFront distribution "cdn" (tf:module.cycloid.aws_cloudfront_distribution.cdn), strategy relocate, wave 3
resource "aws_cloudfront_distribution" "cdn" {
  # TODO: fill in the arguments of aws_cloudfront_distribution
}

# DB instance "website" (tf:module.cycloid.aws_db_instance.website), strategy relocate, wave 3
resource "aws_db_instance" "website" {
  identifier = "website"
  # TODO: choose the engine (the source does not say)
  engine = "postgres"
  # TODO: choose the instance class (source: size unknown)
  instance_class = "db.t3.medium"
  # TODO: confirm the storage in GiB
  allocated_storage = 20
  storage_encrypted = true
  # TODO: choose the master user name
  username            = "ferry_admin"
  password            = var.website_password
  skip_final_snapshot = false

  tags = {
    Name           = "website"
    "ferry:source" = "tf:module.cycloid.aws_db_instance.website"
  }
}

# EBS volume "flux" (tf:module.cycloid.aws_ebs_volume.flux), strategy relocate, wave 3
resource "aws_ebs_volume" "flux" {
  # TODO: choose the availability zone
  availability_zone = ""
  size              = 10
  type              = "gp3"
  encrypted         = true

  tags = {
    Name           = "flux"
    "ferry:source" = "tf:module.cycloid.aws_ebs_volume.flux"
  }
}

# ElastiCache cluster "redis" (tf:module.cycloid.aws_elasticache_cluster.redis), strategy relocate, wave 3
resource "aws_elasticache_cluster" "redis" {
  # TODO: fill in the arguments of aws_elasticache_cluster
}

# EC2 instance "batch" (tf:module.cycloid.aws_instance.batch), strategy relocate, wave 3
resource "aws_instance" "batch" {
  # TODO: choose the AMI (source image: unknown)
  ami = "ami-00000000000000000"
  # TODO: choose the instance type (source: size unknown)
  instance_type = "t3.medium"
  # TODO: choose the subnet
  subnet_id = ""

  tags = {
    Name           = "batch"
    "ferry:source" = "tf:module.cycloid.aws_instance.batch"
  }
}

# S3 bucket "medias" (tf:module.cycloid.aws_s3_bucket.medias), strategy relocate, wave 3
resource "aws_s3_bucket" "medias" {
  bucket = "medias"

  tags = {
    Name           = "medias"
    "ferry:source" = "tf:module.cycloid.aws_s3_bucket.medias"
  }
}

# Security group "alb-front" (tf:module.cycloid.aws_security_group.alb-front), strategy relocate, wave 3
resource "aws_security_group" "alb_front" {
  name        = "alb-front"
  description = "Migrated from tf:module.cycloid.aws_security_group.alb-front"
  # TODO: choose the VPC
  vpc_id = ""

  tags = {
    Name           = "alb-front"
    "ferry:source" = "tf:module.cycloid.aws_security_group.alb-front"
  }
}

# Security group "batch" (tf:module.cycloid.aws_security_group.batch), strategy relocate, wave 3
resource "aws_security_group" "batch_925cf1" {
  name        = "batch"
  description = "Migrated from tf:module.cycloid.aws_security_group.batch"
  # TODO: choose the VPC
  vpc_id = ""

  tags = {
    Name           = "batch"
    "ferry:source" = "tf:module.cycloid.aws_security_group.batch"
  }
}

# Security group "front" (tf:module.cycloid.aws_security_group.front), strategy relocate, wave 3
resource "aws_security_group" "front_60c706" {
  name        = "front"
  description = "Migrated from tf:module.cycloid.aws_security_group.front"
  # TODO: choose the VPC
  vpc_id = ""

  tags = {
    Name           = "front"
    "ferry:source" = "tf:module.cycloid.aws_security_group.front"
  }
}

# Security group "rds-website" (tf:module.cycloid.aws_security_group.rds-website), strategy relocate, wave 3
resource "aws_security_group" "rds_website" {
  name        = "rds-website"
  description = "Migrated from tf:module.cycloid.aws_security_group.rds-website"
  # TODO: choose the VPC
  vpc_id = ""

  tags = {
    Name           = "rds-website"
    "ferry:source" = "tf:module.cycloid.aws_security_group.rds-website"
  }
}

# Security group "redis" (tf:module.cycloid.aws_security_group.redis), strategy relocate, wave 3
resource "aws_security_group" "redis_f6451c" {
  name        = "redis"
  description = "Migrated from tf:module.cycloid.aws_security_group.redis"
  # TODO: choose the VPC
  vpc_id = ""

  tags = {
    Name           = "redis"
    "ferry:source" = "tf:module.cycloid.aws_security_group.redis"
  }
}
