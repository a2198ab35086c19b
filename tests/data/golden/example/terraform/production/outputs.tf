output "backend_endpoint" {
  value = aws_db_instance.backend.endpoint
}

output "test_example_com_id" {
  value = aws_instance.test_example_com.id
}

output "test_cluster_id" {
  value = aws_eks_cluster.test_cluster.id
}

output "example_lb_03_id" {
  value = aws_lb.example_lb_03.id
}

output "example_lb_01_id" {
  value = aws_lb.example_lb_01.id
}

output "example_id" {
  value = aws_ebs_volume.example.id
}
