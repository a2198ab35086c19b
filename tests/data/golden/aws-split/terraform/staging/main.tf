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

  egress {
    description = "All outbound, as AWS allows by default"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name           = "LHwFh"
    "ferry:source" = "tf:module.lemp.aws_security_group.LHwFh[0]"
  }
}

# Security group "YPHPR" (tf:module.lemp.aws_security_group.YPHPR), strategy relocate, wave 2
resource "aws_security_group" "yphpr" {
  name        = "YPHPR"
  description = "Migrated from tf:module.lemp.aws_security_group.YPHPR"
  vpc_id      = aws_vpc.landing_zone.id

  egress {
    description = "All outbound, as AWS allows by default"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name           = "YPHPR"
    "ferry:source" = "tf:module.lemp.aws_security_group.YPHPR"
  }
}

# Security group "rZnGI" (tf:module.lemp.aws_security_group.rZnGI), strategy relocate, wave 2
resource "aws_security_group" "rzngi" {
  name        = "rZnGI"
  description = "Migrated from tf:module.lemp.aws_security_group.rZnGI"
  vpc_id      = aws_vpc.landing_zone.id

  egress {
    description = "All outbound, as AWS allows by default"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name           = "rZnGI"
    "ferry:source" = "tf:module.lemp.aws_security_group.rZnGI"
  }
}
