# Droplet "openstackaio-1" (tf:digitalocean_droplet.openstackaio-1), strategy rehost, wave 1
resource "aws_instance" "openstackaio_1" {
  ami = var.openstackaio_1_ami
  # Sized from the source: g-8vcpu-32gb (8 vCPU, 32 GiB) → m6i.2xlarge (8 vCPU, 32 GiB), the smallest class that holds it
  instance_type = "m6i.2xlarge"
  # The landing zone's first private subnet (network.tf)
  subnet_id = aws_subnet.private[0].id

  root_block_device {
    volume_size = 100
    volume_type = "gp3"
  }

  tags = {
    Name           = "openstackaio-1"
    "ferry:source" = "tf:digitalocean_droplet.openstackaio-1"
  }
}

# Droplet "openstackaio-3" (tf:digitalocean_droplet.openstackaio-3), strategy rehost, wave 1
resource "aws_instance" "openstackaio_3" {
  ami = var.openstackaio_3_ami
  # Sized from the source: g-8vcpu-32gb (8 vCPU, 32 GiB) → m6i.2xlarge (8 vCPU, 32 GiB), the smallest class that holds it
  instance_type = "m6i.2xlarge"
  # The landing zone's first private subnet (network.tf)
  subnet_id = aws_subnet.private[0].id

  root_block_device {
    volume_size = 100
    volume_type = "gp3"
  }

  tags = {
    Name           = "openstackaio-3"
    "ferry:source" = "tf:digitalocean_droplet.openstackaio-3"
  }
}

# Volume "kvmdata" (tf:digitalocean_volume.openstackdata), strategy rehost, wave 1
resource "aws_ebs_volume" "kvmdata" {
  availability_zone = aws_instance.openstackaio_1.availability_zone
  size              = 100
  type              = "gp3"
  encrypted         = true

  tags = {
    Name           = "kvmdata"
    "ferry:source" = "tf:digitalocean_volume.openstackdata"
  }
}
