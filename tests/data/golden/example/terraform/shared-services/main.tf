# Domain "example.com" (do:domain:example.com), strategy rehost, wave 1
resource "aws_route53_zone" "example_com" {
  name = "example.com"

  tags = {
    Name           = "example.com"
    "ferry:source" = "do:domain:example.com"
  }
}

# Firewall "firewall" (do:firewall:11d87802-df17-4f8f-a691-58e408570c12), strategy rehost, wave 1
resource "aws_security_group" "firewall" {
  name        = "firewall"
  description = "Migrated from do:firewall:11d87802-df17-4f8f-a691-58e408570c12"
  vpc_id      = aws_vpc.my_new_vpc_2.id

  tags = {
    Name           = "firewall"
    "ferry:source" = "do:firewall:11d87802-df17-4f8f-a691-58e408570c12"
  }
}

# TODO: firewall: icmp from kubernetes:20efb1a7-1f04-4486-87aa-5f5114e6aae9: names no resource of the plan
# TODO: firewall: icmp from load_balancer:d2d3920a-9d45-41b0-b018-d15e18ec60a4: names no resource of the plan
# TODO: firewall: icmp from tag:backend: names no resource of the plan

resource "aws_vpc_security_group_ingress_rule" "firewall_in_1" {
  security_group_id = aws_security_group.firewall.id
  description       = "From the source firewall: tcp 8000-9000 from 0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 8000
  to_port           = 9000
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "firewall_out" {
  security_group_id = aws_security_group.firewall.id
  description       = "All outbound, as AWS allows by default"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

# DNS record "@" (do:record:1), strategy rehost, wave 2
data "aws_route53_zone" "r_" {
  zone_id = var.r__zone_id
}

resource "aws_route53_record" "r_" {
  zone_id = var.r__zone_id
  name    = data.aws_route53_zone.r_.name
  type    = "A"
  ttl     = var.r__ttl
  records = var.r__switched ? var.r__target : ["8.8.8.8"]
}

# DNS record "@" (do:record:2), strategy rehost, wave 2
# The zone's own NS record: Route 53 creates it with the zone, so it is not exported (delegate the domain to the zone's name_servers at the registrar).

# DNS record "@" (do:record:3), strategy rehost, wave 2
# The zone's own NS record: Route 53 creates it with the zone, so it is not exported (delegate the domain to the zone's name_servers at the registrar).

# DNS record "@" (do:record:4), strategy rehost, wave 2
# The zone's own NS record: Route 53 creates it with the zone, so it is not exported (delegate the domain to the zone's name_servers at the registrar).

# DNS record "example" (do:record:5), strategy rehost, wave 2
resource "aws_route53_record" "example" {
  zone_id = var.example_zone_id
  name    = "example"
  type    = "CNAME"
  ttl     = var.example_ttl
  records = var.example_switched ? var.example_target : var.example_records
}

# Reserved IP "188.166.132.3" (do:reservedip:188.166.132.3), strategy rehost, wave 2
resource "aws_eip" "r_188_166_132_3" {
  domain = "vpc"

  tags = {
    Name           = "188.166.132.3"
    "ferry:source" = "do:reservedip:188.166.132.3"
  }
}

# Reserved IP "45.55.96.3" (do:reservedip:45.55.96.3), strategy rehost, wave 2
resource "aws_eip" "r_45_55_96_3" {
  domain = "vpc"

  tags = {
    Name           = "45.55.96.3"
    "ferry:source" = "do:reservedip:45.55.96.3"
  }
}

# Reserved IP "45.55.96.32" (do:reservedip:45.55.96.32), strategy rehost, wave 2
resource "aws_eip" "r_45_55_96_32" {
  domain = "vpc"

  tags = {
    Name           = "45.55.96.32"
    "ferry:source" = "do:reservedip:45.55.96.32"
  }
}

# VPC "my-new-vpc-2" (do:vpc:120b7f98-f062-404d-b33c-458d545696f6), strategy rehost, wave 1
resource "aws_vpc" "my_new_vpc_2" {
  # TODO: confirm the CIDR does not overlap a network peered during the cutover
  cidr_block           = "10.116.0.0/20"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name           = "my-new-vpc-2"
    "ferry:source" = "do:vpc:120b7f98-f062-404d-b33c-458d545696f6"
  }
}

# VPC "my-new-vpc-1" (do:vpc:880b7f98-f062-404d-b33c-458d545696f6), strategy rehost, wave 1
resource "aws_vpc" "my_new_vpc_1" {
  # TODO: confirm the CIDR does not overlap a network peered during the cutover
  cidr_block           = "10.108.0.0/20"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name           = "my-new-vpc-1"
    "ferry:source" = "do:vpc:880b7f98-f062-404d-b33c-458d545696f6"
  }
}
