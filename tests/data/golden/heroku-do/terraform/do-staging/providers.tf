# The token of the DO staging team comes from DIGITALOCEAN_TOKEN; it never goes in a file.
provider "digitalocean" {
}
