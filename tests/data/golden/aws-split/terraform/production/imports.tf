# Resources that stay where they run (strategy retain), adopted from their real ids (Terraform ≥ 1.5).
# Run once: terraform plan -generate-config-out=adopted.tf
# Terraform writes their resource blocks from what AWS holds, so that the next plan shows
# no change; review adopted.tf and keep it in this folder (Ferry's exports leave it alone).

# Application load balancer "test-lb-tf" (tf:aws_alb.test)
import {
  to = aws_alb.test_lb_tf
  id = "arn:aws:elasticloadbalancing:us-east-1:533948124879:loadbalancer/app/test-lb-tf/35be57d467ff22b9"
}

# DB instance "mydb" (tf:aws_db_instance.default)
import {
  to = aws_db_instance.mydb
  id = "terraform-20201015115018309600000001"
}

# EC2 instance "test" (tf:aws_instance.test)
import {
  to = aws_instance.test
  id = "i-0d3650a23f4e45dc0"
}

# Security group rule "czNph" (tf:module.ec2.aws_security_group_rule.czNph)
# Not adopted here: the import id of aws_security_group_rule is not the id in its state (sgrule-3405156902); see the provider's Import section.
