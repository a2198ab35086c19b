output "example_com_name_servers" {
  value = aws_route53_zone.example_com.name_servers
}

output "example_com_id" {
  value = aws_route53_zone.example_com.id
}

output "firewall_id" {
  value = aws_security_group.firewall.id
}

output "r_188_166_132_3_id" {
  value = aws_eip.r_188_166_132_3.id
}

output "r_45_55_96_3_id" {
  value = aws_eip.r_45_55_96_3.id
}

output "r_45_55_96_32_id" {
  value = aws_eip.r_45_55_96_32.id
}

output "my_new_vpc_2_id" {
  value = aws_vpc.my_new_vpc_2.id
}

output "my_new_vpc_1_id" {
  value = aws_vpc.my_new_vpc_1.id
}
