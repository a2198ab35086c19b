# A folder with one of each problem the schema check must find (tests/tfschema_check.sh).
resource "aws_eks_cluster" "missing_role" {
  name = "c"

  vpc_config {
    subnet_ids = []
  }
}

resource "aws_instance" "unknown_argument" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  subnet_name   = "private"
}

resource "aws_lb" "unknown_block" {
  subnets = [aws_subnet.private.id]

  listener {
  }
}

resource "aws_vpc" "main" {
  cidr_block = ""

  lifecycle {
    ignore_changes = [tags, not_an_argument]
  }
}

resource "aws_not_a_type" "x" {
}

resource "aws_security_group" "reads_nothing" {
  vpc_id = aws_vpc.main.no_such_attribute
  name   = var.undeclared
}

import {
  to = aws_not_a_type.y
  id = "i-0123456789abcdef0"
}

resource "aws_lb_listener" "dynamic_actions" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1"
  dynamic "default_actions" {
    for_each = ["forward"]
    content {}
  }
  dynamic "default_action" {
    for_each = ["fixed-response"]
    content {
      type   = default_action.value
      weight = 1
    }
  }
}
