# Nothing is created in this account: what stays is adopted in imports.tf.
