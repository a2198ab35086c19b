# CodeCommit repository "shop" (tf:aws_codecommit_repository.shop), strategy relocate, wave 2
resource "aws_codecommit_repository" "shop" {
  repository_name = "shop"
  description     = "Migrated from tf:aws_codecommit_repository.shop"

  tags = {
    Name           = "shop"
    "ferry:source" = "tf:aws_codecommit_repository.shop"
  }
}

# ECR repository "shop/web" (tf:aws_ecr_repository.shop), strategy relocate, wave 2
resource "aws_ecr_repository" "shop_web" {
  name = "shop/web"
  # TODO: confirm the tag mutability the source's repository has (not imported)
  image_tag_mutability = "MUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  tags = {
    Name           = "shop/web"
    "ferry:source" = "tf:aws_ecr_repository.shop"
  }
}

# Redshift cluster "analytics" (tf:aws_redshift_cluster.analytics), strategy relocate, wave 2
resource "aws_redshift_cluster" "analytics" {
  # Created at the cutover from the snapshot its analytics_snapshot variable names (the runbook's restore step keeps it in terraform.tfvars); none before. prevent_destroy: a later apply without the variable must not delete what was restored.
  count               = var.analytics_snapshot == null ? 0 : 1
  cluster_identifier  = "analytics"
  snapshot_identifier = var.analytics_snapshot
  owner_account       = var.analytics_snapshot_owner
  # The source's class: it moves as it is
  node_type                 = "ra3.xlplus"
  cluster_type              = "multi-node"
  number_of_nodes           = 2
  encrypted                 = true
  publicly_accessible       = false
  cluster_subnet_group_name = aws_redshift_subnet_group.landing_zone.name
  skip_final_snapshot       = false
  final_snapshot_identifier = "analytics-final"

  tags = {
    Name           = "analytics"
    "ferry:source" = "tf:aws_redshift_cluster.analytics"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# S3 bucket "shop-assets" (tf:aws_s3_bucket.assets), strategy relocate, wave 2
resource "aws_s3_bucket" "shop_assets" {
  # Bucket names are global: the source's name and the account id
  bucket = "shop-assets-${var.account_id}"

  tags = {
    Name           = "shop-assets"
    "ferry:source" = "tf:aws_s3_bucket.assets"
  }
}

# DB instance "Cpbzf" (tf:module.lemp.aws_db_instance.Cpbzf[0]), strategy relocate, wave 2
resource "aws_db_instance" "cpbzf" {
  # Created at the cutover from the snapshot its cpbzf_snapshot variable names (the runbook's restore step keeps it in terraform.tfvars); none before. prevent_destroy: a later apply without the variable must not delete what was restored.
  count               = var.cpbzf_snapshot == null ? 0 : 1
  identifier          = "cpbzf"
  snapshot_identifier = var.cpbzf_snapshot
  # TODO: choose the instance class (source: size unknown)
  instance_class = "db.t3.medium"
  # TODO: confirm the storage in GiB
  allocated_storage         = 20
  storage_encrypted         = true
  password                  = var.cpbzf_password
  db_subnet_group_name      = aws_db_subnet_group.landing_zone.name
  skip_final_snapshot       = false
  final_snapshot_identifier = "cpbzf-final"

  tags = {
    Name           = "Cpbzf"
    "ferry:source" = "tf:module.lemp.aws_db_instance.Cpbzf[0]"
  }

  lifecycle {
    prevent_destroy = true
  }
}

# Launch template "vIkyE" (tf:module.lemp.aws_launch_template.vIkyE), strategy relocate, wave 2
resource "aws_launch_template" "vikye" {
  name = "vikye"
  # TODO: the image and instance type of vIkyE

  tags = {
    Name           = "vIkyE"
    "ferry:source" = "tf:module.lemp.aws_launch_template.vIkyE"
  }
}

# Load balancer "tQBgz" (tf:module.lemp.aws_lb.tQBgz), strategy relocate, wave 2
resource "aws_lb" "tqbgz" {
  name               = "tqbgz"
  load_balancer_type = "application"
  # The landing zone's public subnets (network.tf)
  subnets = aws_subnet.public[*].id

  tags = {
    Name           = "tQBgz"
    "ferry:source" = "tf:module.lemp.aws_lb.tQBgz"
  }
}

resource "aws_lb_target_group" "tqbgz" {
  name = "tqbgz"
  # TODO: confirm the port the instances serve on
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.landing_zone.id

  health_check {
    path = "/"
  }
}

# A listener for each of the source's entry ports
resource "aws_lb_listener" "tqbgz" {
  for_each          = toset(["80"])
  load_balancer_arn = aws_lb.tqbgz.arn
  port              = each.value
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tqbgz.arn
  }
}

# Security group "LHwFh" (tf:module.lemp.aws_security_group.LHwFh[0]), strategy relocate, wave 2
resource "aws_security_group" "lhwfh" {
  name        = "LHwFh"
  description = "Migrated from tf:module.lemp.aws_security_group.LHwFh[0]"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "LHwFh"
    "ferry:source" = "tf:module.lemp.aws_security_group.LHwFh[0]"
  }
}

resource "aws_vpc_security_group_ingress_rule" "lhwfh_in_1" {
  security_group_id            = aws_security_group.lhwfh.id
  description                  = "From the source firewall: tcp 3306 from security_group:sg-0e74bbe876eba7e6f"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = aws_security_group.yphpr.id
}

resource "aws_vpc_security_group_egress_rule" "lhwfh_out" {
  security_group_id = aws_security_group.lhwfh.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# Security group "YPHPR" (tf:module.lemp.aws_security_group.YPHPR), strategy relocate, wave 2
resource "aws_security_group" "yphpr" {
  name        = "YPHPR"
  description = "Migrated from tf:module.lemp.aws_security_group.YPHPR"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "YPHPR"
    "ferry:source" = "tf:module.lemp.aws_security_group.YPHPR"
  }
}

resource "aws_vpc_security_group_ingress_rule" "yphpr_in_1" {
  security_group_id            = aws_security_group.yphpr.id
  description                  = "From the source firewall: tcp 80 from security_group:sg-0cfe32960213dea69"
  ip_protocol                  = "tcp"
  from_port                    = 80
  to_port                      = 80
  referenced_security_group_id = aws_security_group.rzngi.id
}

resource "aws_vpc_security_group_egress_rule" "yphpr_out" {
  security_group_id = aws_security_group.yphpr.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# Security group "rZnGI" (tf:module.lemp.aws_security_group.rZnGI), strategy relocate, wave 2
resource "aws_security_group" "rzngi" {
  name        = "rZnGI"
  description = "Migrated from tf:module.lemp.aws_security_group.rZnGI"
  vpc_id      = aws_vpc.landing_zone.id

  tags = {
    Name           = "rZnGI"
    "ferry:source" = "tf:module.lemp.aws_security_group.rZnGI"
  }
}

resource "aws_vpc_security_group_ingress_rule" "rzngi_in_1" {
  security_group_id = aws_security_group.rzngi.id
  description       = "From the source firewall: tcp 443 from 0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "rzngi_in_2" {
  security_group_id = aws_security_group.rzngi.id
  description       = "From the source firewall: tcp 80 from 0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "rzngi_out" {
  security_group_id = aws_security_group.rzngi.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
