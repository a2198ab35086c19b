output "openstackaio_1_id" {
  value = aws_instance.openstackaio_1.id
}

output "openstackaio_3_id" {
  value = aws_instance.openstackaio_3.id
}

output "kvmdata_id" {
  value = aws_ebs_volume.kvmdata.id
}
