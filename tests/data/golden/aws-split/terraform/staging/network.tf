# The account's network landing zone: a public and a private subnet in each of two
# availability zones, and one NAT gateway for the private subnets' egress (add one per
# zone where egress must survive the loss of a zone).

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

resource "aws_vpc" "landing_zone" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "staging"
  }
}

resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.landing_zone.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(aws_vpc.landing_zone.cidr_block, 4, count.index)
  map_public_ip_on_launch = false

  tags = {
    Name = "staging-public-${local.azs[count.index]}"
    Tier = "public"
  }
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.landing_zone.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.landing_zone.cidr_block, 4, count.index + 8)

  tags = {
    Name = "staging-private-${local.azs[count.index]}"
    Tier = "private"
  }
}

resource "aws_internet_gateway" "landing_zone" {
  vpc_id = aws_vpc.landing_zone.id

  tags = {
    Name = "staging"
  }
}

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = {
    Name = "staging-nat"
  }
}

resource "aws_nat_gateway" "landing_zone" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id

  tags = {
    Name = "staging"
  }

  depends_on = [aws_internet_gateway.landing_zone]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.landing_zone.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.landing_zone.id
  }

  tags = {
    Name = "staging-public"
    Tier = "public"
  }
}

resource "aws_route_table_association" "public" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.landing_zone.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.landing_zone.id
  }

  tags = {
    Name = "staging-private"
    Tier = "private"
  }
}

resource "aws_route_table_association" "private" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_db_subnet_group" "landing_zone" {
  name       = "staging-databases"
  subnet_ids = aws_subnet.private[*].id

  tags = {
    Name = "staging-databases"
  }
}

resource "aws_redshift_subnet_group" "landing_zone" {
  name       = "staging-warehouses"
  subnet_ids = aws_subnet.private[*].id

  tags = {
    Name = "staging-warehouses"
  }
}
